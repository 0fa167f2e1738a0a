/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";

// A manager forecasts the spare parts from the reporting menu, reads the
// pump's line and writes its expected use on its reordering rule.
registry.category("web_tour.tours").add("aftersales_parts_forecast_tour", {
    steps: () => [
        {
            content: "Open the reporting menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="aftersales_service.menu_aftersales_reporting"]',
            run: "click",
        },
        {
            content: "Open the parts forecast",
            trigger: '.o-dropdown--menu a[data-menu-xmlid="aftersales_service.menu_aftersales_parts_forecast"]',
            run: "click",
        },
        {
            content: "Forecast with the warehouse proposed",
            trigger: ".modal button[name=action_compute]",
            run: "click",
        },
        {
            content: "The pump's line, from the kit",
            trigger: ".o_list_view .o_data_row:contains(Drain pump (forecast test)):contains(Kit)",
        },
        {
            content: "Select it",
            trigger: ".o_data_row:contains(Drain pump (forecast test)) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Apply it to the reordering rules",
            trigger: "button[name=action_apply_orderpoints]",
            run: "click",
        },
        {
            content: "Its rule has the new minimum",
            trigger: ".o_notification:contains(Minimums written on 1 reordering rules)",
        },
    ],
});
