/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";

// A customer finds their product on the portal, opens a claim, follows it.
registry.category("web_tour.tours").add("aftersales_portal_tour", {
    steps: () => [
        {
            content: "The portal shows the customer's warranties",
            trigger: 'a[href="/my/warranties"]',
            run: "click",
        },
        {
            content: "Open the product's warranty",
            trigger: 'a:contains("Washer (test)")',
            run: "click",
        },
        {
            content: "The warranty page names the unit",
            trigger: '#aftersales_warranty_card:contains("SN-TOUR-P1")',
        },
        {
            content: "Open a claim for it",
            trigger: 'a:contains("Open a Claim")',
            run: "click",
        },
        {
            content: "Say what is wrong",
            trigger: "textarea#symptom",
            run: "edit Water leaks under the door",
        },
        {
            content: "Ask for a loaner",
            trigger: "input#loaner",
            run: "click",
        },
        {
            content: "Send the claim",
            trigger: "#aftersales_claim_submit",
            run: "click",
        },
        {
            content: "The claim's page shows its first step",
            trigger: '#aftersales_claim_steps .text-bg-primary:contains("New")',
        },
        {
            content: "and the deadline the law gives",
            trigger: '#aftersales_claim_card:contains("SN-TOUR-P1")',
        },
    ],
});
