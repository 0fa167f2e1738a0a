/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Refresh on the dashboard asks the cron worker for new figures and comes
// back at once, the button waiting for them. The tour plays the cron worker
// itself (the test server runs no crons); that the cron then tells the
// screens through the bus is test_analysis' to check.
registry.category("web_tour.tours").add("aftersales_dashboard_refresh_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the After-Sales app",
            trigger: '.o_app[data-menu-xmlid="aftersales_service.menu_aftersales_root"]',
            run: "click",
        },
        {
            content: "The analysis does not know the new claim yet",
            trigger: ".o_aftersales_dashboard:not(:has(.o_aftersales_top_products td:contains(Blender (test))))",
        },
        {
            content: "Ask for new figures",
            trigger: ".o_aftersales_dashboard button.o_aftersales_refresh",
            run: "click",
        },
        {
            content: "The request comes back at once: the figures are on their way",
            trigger: ".o_notification:contains(computed in the background)",
        },
        {
            content: "The button waits for them",
            trigger: ".o_aftersales_dashboard button.o_aftersales_refresh:disabled .fa-spinner",
        },
        {
            content: "The cron worker runs",
            trigger: ".o_aftersales_dashboard",
            async run() {
                const [, cronId] = await rpc("/web/dataset/call_kw/ir.model.data/check_object_reference", {
                    model: "ir.model.data",
                    method: "check_object_reference",
                    args: ["aftersales_service", "ir_cron_aftersales_claim_analysis"],
                    kwargs: {},
                });
                await rpc("/web/dataset/call_kw/ir.cron/method_direct_trigger", {
                    model: "ir.cron",
                    method: "method_direct_trigger",
                    args: [[cronId]],
                    kwargs: {},
                });
            },
        },
    ],
});
