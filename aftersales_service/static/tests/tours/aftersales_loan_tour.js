/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";

// The customer asked for a loaner: lend one from the claim, in two clicks.
registry.category("web_tour.tours").add("aftersales_loan_tour", {
    steps: () => [
        {
            content: "The claim says when the loaner is owed",
            trigger: '.o_form_view .o_field_widget[name="date_loaner_due"]',
        },
        {
            content: "Lend a loaner",
            trigger: 'button[name="action_open_lend"]',
            run: "click",
        },
        {
            content: "The wizard proposes the free unit",
            trigger: '.modal .o_field_widget[name="lot_id"] input:value("LN-TOUR-1")',
        },
        {
            content: "The unit already out is listed after it",
            trigger: '.modal .o_field_widget[name="candidate_lot_ids"] tr:contains("LN-TOUR-2"):contains("Lent")',
        },
        {
            content: "Lend it",
            trigger: '.modal button[name="action_lend"]',
            run: "click",
        },
        {
            content: "The loan shows on the claim",
            trigger: 'button[name="action_view_loans"]:contains("Loans") .o_stat_value:contains(1)',
        },
        {
            content: "Open the loan",
            trigger: 'button[name="action_view_loans"]:contains("Loans")',
            run: "click",
        },
        {
            content: "The unit is lent",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Lent")',
        },
        {
            content: "Take the unit back",
            trigger: '.o_form_view button[name="action_return"]',
            run: "click",
        },
        {
            content: "The loan is returned",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Returned")',
        },
    ],
});
