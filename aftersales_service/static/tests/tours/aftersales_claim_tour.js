/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";

// From the customer's ticket to the repaired item back home.
registry.category("web_tour.tours").add("aftersales_claim_flow_tour", {
    steps: () => [
        {
            content: "The ticket names the unit",
            trigger: '.o_form_view .o_field_widget[name="aftersales_serial"]:contains(SN-TOUR-1), .o_form_view .o_field_widget[name="aftersales_serial"] input',
        },
        {
            content: "Create the claim from the ticket",
            trigger: 'button[name="action_create_aftersales_claim"]',
            run: "click",
        },
        {
            content: "The claim found the unit under warranty",
            trigger: '.o_form_view .o_field_widget[name="coverage"]:contains("In Warranty")',
        },
        {
            content: "Receive the item",
            trigger: 'button[name="action_receive"]',
            run: "click",
        },
        {
            content: "The claim is received, with its legal deadline",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Received")',
        },
        {
            content: "Create the repair",
            trigger: 'button[name="action_create_repair"]',
            run: "click",
        },
        {
            content: "Confirm the repair",
            trigger: '.o_form_view button[name="action_validate"]',
            run: "click",
        },
        {
            content: "Start the repair",
            trigger: '.o_form_view button[name="action_repair_start"]',
            run: "click",
        },
        {
            content: "End the repair",
            trigger: '.o_form_view button[name="action_repair_end"]:visible',
            run: "click",
        },
        {
            content: "The repair is done",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Repaired")',
        },
        {
            content: "Back to the claim",
            trigger: '.o_breadcrumb a:contains("CLM/")',
            run: "click",
        },
        {
            content: "Mark the item ready",
            trigger: 'button[name="action_ready"]',
            run: "click",
        },
        {
            content: "Return the item",
            trigger: 'button[name="action_return"]',
            run: "click",
        },
        {
            content: "The claim is done",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Done")',
        },
        {
            content: "Both transport legs are on the claim",
            trigger: 'button[name="action_view_pickings"] .o_stat_value:contains(2)',
        },
    ],
});
