/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";

// A user opens the months-in-service curves from the reporting menu: a line
// chart, one line per sale month; then the same figures as a pivot.
registry.category("web_tour.tours").add("aftersales_mis_curves_tour", {
    steps: () => [
        {
            content: "Open the reporting menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="aftersales_service.menu_aftersales_reporting"]',
            run: "click",
        },
        {
            content: "Open the months-in-service curves",
            trigger: '.o-dropdown--menu a[data-menu-xmlid="aftersales_service.menu_aftersales_service_exposure_mis"]',
            run: "click",
        },
        {
            content: "A line chart is drawn",
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot shows the rate per age",
            trigger: ".o_pivot th:contains(Claims per 1,000 Units at This Age)",
        },
    ],
});
