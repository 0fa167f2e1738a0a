/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("aftersales_service_configuration_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the After-Sales app",
            trigger: '.o_app[data-menu-xmlid="aftersales_service.menu_aftersales_root"]',
            run: "click",
        },
        {
            content: "Open the Configuration menu",
            trigger: '.o_main_navbar [data-menu-xmlid="aftersales_service.menu_aftersales_config"]',
            run: "click",
        },
        {
            content: "A user does not see the settings",
            trigger: '.dropdown-menu:has([data-menu-xmlid="aftersales_service.menu_aftersales_legal_profile"]):not(:has([data-menu-xmlid="aftersales_service.menu_aftersales_settings"]))',
        },
        {
            content: "Open the legal profiles",
            trigger: '.dropdown-item[data-menu-xmlid="aftersales_service.menu_aftersales_legal_profile"]',
            run: "click",
        },
        {
            content: "Open the Russian profile",
            trigger: '.o_list_view .o_data_row td[name="code"]:contains(RU)',
            run: "click",
        },
        {
            content: "The profile shows its repair deadline",
            trigger: '.o_form_view .o_field_widget[name="repair_days"]',
        },
        {
            content: "The breadcrumb names the profile",
            trigger: ".o_breadcrumb .active:contains(Russia)",
        },
        {
            content: "Open the Warranties menu",
            trigger: '.o_main_navbar [data-menu-xmlid="aftersales_service.menu_aftersales_warranties"]',
            run: "click",
        },
        {
            content: "Open the warranty check",
            trigger: '.dropdown-item[data-menu-xmlid="aftersales_service.menu_aftersales_warranty_check"]',
            run: "click",
        },
        {
            content: "Type a serial number nobody registered",
            trigger: '.modal .o_field_widget[name="serial"] input',
            run: "edit NO-SUCH-SERIAL-42",
        },
        {
            content: "Leave the field to check it",
            trigger: '.modal .o_field_widget[name="product_id"] input',
            run: "click",
        },
        {
            content: "The unit has no warranty",
            trigger: '.modal .o_field_widget[name="coverage"]:contains("No Warranty")',
        },
        {
            content: "And is unknown",
            trigger: ".modal div:contains(Unknown serial number.)",
        },
        {
            content: "Close the check",
            trigger: ".modal .modal-footer button:contains(Close)",
            run: "click",
        },
        {
            content: "The check is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
