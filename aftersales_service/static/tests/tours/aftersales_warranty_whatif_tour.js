/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";

// A manager opens What a Longer Warranty Costs from a product's form, types
// a longer term and reads the extra cost, the price and the extrapolated
// months of the curve.
registry.category("web_tour.tours").add("aftersales_warranty_whatif_tour", {
    steps: () => [
        {
            content: "Open the what-if from the product form",
            trigger: ".o_form_view .o_form_statusbar button:contains(What a Longer Warranty Costs)",
            run: "click",
        },
        {
            content: "The current term comes from the warranty terms",
            trigger: ".modal div[name=current_months] input:value(2)",
        },
        {
            content: "Type a longer term",
            trigger: ".modal div[name=new_months] input",
            run: "edit 6",
        },
        {
            content: "Leave the field",
            trigger: ".modal div[name=method] select",
            run: "click",
        },
        {
            content: "The suggested price at the margin of the settings",
            trigger: ".modal div[name=suggested_price]:contains(80.00)",
        },
        {
            content: "The months past those observed are marked",
            trigger: ".modal .o_aftersales_whatif_curve td:contains(Extrapolated)",
        },
        {
            content: "The method is said in words",
            trigger: ".modal div[name=method_note]:contains(Weibull)",
        },
        {
            content: "Close it",
            trigger: ".modal-footer button:contains(Close)",
            run: "click",
        },
        {
            content: "Back on the product",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
