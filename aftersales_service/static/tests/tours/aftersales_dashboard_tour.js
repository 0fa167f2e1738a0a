/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The manager opens the app on the dashboard, follows a counter to its
// claims, then opens the claim analysis.
registry.category("web_tour.tours").add("aftersales_dashboard_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the After-Sales app",
            trigger: '.o_app[data-menu-xmlid="aftersales_service.menu_aftersales_root"]',
            run: "click",
        },
        {
            content: "The app opens on the dashboard: one late claim",
            trigger: ".o_aftersales_dashboard .o_aftersales_card_late .o_aftersales_value:contains(1)",
        },
        {
            content: "The product that fails most",
            trigger: ".o_aftersales_top_products td:contains(Blender (test))",
        },
        {
            content: "This month against last month",
            trigger: ".o_aftersales_months .o_aftersales_month_claims td:contains(Claims)",
        },
        {
            content: "Open the late claims",
            trigger: ".o_aftersales_card_late",
            run: "click",
        },
        {
            content: "The late claim is listed",
            trigger: ".o_list_view .o_data_row:contains(Blender (test))",
        },
        {
            content: "Open the reporting menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="aftersales_service.menu_aftersales_reporting"]',
            run: "click",
        },
        {
            content: "Open the claim analysis",
            trigger: '.o-dropdown--menu a[data-menu-xmlid="aftersales_service.menu_aftersales_claim_analysis"]',
            run: "click",
        },
        {
            content: "The pivot shows the claim rate per product",
            trigger: ".o_pivot th:contains(Claim Rate (%))",
        },
        {
            content: "The product is a row of the pivot",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(Blender (test))",
        },
    ],
});
