/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";

/** Throw if the page scrolls sideways on the phone. */
function assertNoSidewaysScroll() {
    const width = window.innerWidth;
    if (width > 500) {
        throw new Error(`Not a phone: the window is ${width}px wide.`);
    }
    if (document.documentElement.scrollWidth > width) {
        throw new Error(
            `The page scrolls sideways: ${document.documentElement.scrollWidth}px in ${width}px.`
        );
    }
}

// A technician on a phone: today's visits in route order, the first one's
// unit history, start, a checklist reading, the parts from the van, stop,
// and the customer's signature.
registry.category("web_tour.tours").add("aftersales_technician_day_tour", {
    steps: () => [
        {
            content: "Today's visits, in the order of the route",
            trigger: ".o_aftersales_visit_card:contains(VISIT-DAY-2)",
            run() {
                const cards = [...document.querySelectorAll(".o_aftersales_visit_card")];
                const names = cards.map((card) => card.textContent);
                if (
                    names.length !== 2 ||
                    !names[0].includes("VISIT-DAY-1") ||
                    !names[1].includes("VISIT-DAY-2")
                ) {
                    throw new Error(`Not in route order: ${names.join(" | ")}`);
                }
                assertNoSidewaysScroll();
            },
        },
        {
            content: "Open the first stop",
            trigger: ".o_aftersales_visit_card:contains(VISIT-DAY-1)",
            run: "click",
        },
        {
            content: "The unit's history: its earlier visit",
            trigger: ".o_field_widget[name=aftersales_unit_history]:contains(SN-DAY-1):contains(VISIT-DAY-0)",
            run: assertNoSidewaysScroll,
        },
        {
            content: "Arrive: start the visit",
            trigger: ".o_aftersales_visit_actions button[name=action_aftersales_start]",
            run: "click",
        },
        {
            content: "Open the checklist",
            trigger: ".o_aftersales_visit_actions button[name=action_aftersales_stop]",
            run() {
                document.querySelector(".o_notebook a[name=checklist]").click();
            },
        },
        {
            content: "Open the pressure reading",
            trigger: ".o_field_widget[name=aftersales_checklist_ids] .o_data_row:contains(Pressure) .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Note the reading",
            trigger: ".o_field_widget[name=reading] input",
            run: "edit 1.8",
        },
        {
            content: "Tick the check",
            trigger: ".o_field_widget[name=done] input",
            run: "click",
        },
        {
            content: "Keep the reading",
            trigger: ".modal .o_form_button_save, .o_form_button_save",
            run: "click",
        },
        {
            content: "The reading is in the checklist",
            trigger: ".o_field_widget[name=aftersales_checklist_ids] .o_data_row:contains(1.8)",
        },
        {
            content: "Open the parts",
            trigger: ".o_notebook a[name=parts]",
            run: "click",
        },
        {
            content: "Take the parts from the van",
            trigger: ".o_field_widget[name=aftersales_part_ids] .o_data_row:contains(Kettle)",
            run() {
                document
                    .querySelector(
                        ".o_aftersales_visit_actions button[name=action_aftersales_use_parts]"
                    )
                    .click();
            },
        },
        {
            content: "The part is used",
            trigger: ".o_field_widget[name=aftersales_part_ids] .o_data_row:contains(Used)",
        },
        {
            content: "Leave: stop the visit",
            trigger: ".o_aftersales_visit_actions button[name=action_aftersales_stop]",
            run: "click",
        },
        {
            content: "The customer signs",
            trigger: ".o_aftersales_visit_actions button:contains(Customer Signs)",
            run: "click",
        },
        {
            content: "The customer's name",
            trigger: ".modal .o_field_widget[name=signed_by] input",
            run: "edit Anna Customer",
        },
        {
            content: "Open the signature pad",
            trigger: ".modal .o_field_widget[name=signature] .o_signature",
            run: "click",
        },
        {
            content: "The name drawn as the signature",
            trigger: ".modal .o_web_sign_name_and_signature canvas.o_web_sign_signature",
        },
        {
            content: "Adopt the signature",
            trigger: ".modal-footer .btn-primary:contains(Adopt):enabled",
            run: "click",
        },
        {
            content: "Sign",
            trigger: ".modal .o_aftersales_visit_sign_confirm",
            run: "click",
        },
        {
            content: "Open the signature page",
            trigger: "body:not(:has(.modal)) .o_notebook a[name=signature]",
            run: "click",
        },
        {
            content: "Signed on the spot",
            trigger: ".o_field_widget[name=aftersales_signed_by]:contains(Anna Customer)",
            run: assertNoSidewaysScroll,
        },
    ],
});
