/** @odoo-module */
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";

/**
 * Throw unless every element matched by each selector is shown whole inside
 * the window's width: not past its right edge, not cut by the table's
 * sideways scrolling nor by the one-line ellipsis of the portal's tables.
 */
function assertInView(selectors) {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth > width) {
        throw new Error(
            `The page scrolls sideways: ${document.documentElement.scrollWidth}px in ${width}px.`
        );
    }
    for (const table of document.querySelectorAll(".table-responsive")) {
        if (table.scrollWidth > table.clientWidth) {
            throw new Error(
                `The table scrolls sideways: ${table.scrollWidth}px in ${table.clientWidth}px.`
            );
        }
    }
    for (const selector of selectors) {
        const elements = document.querySelectorAll(selector);
        if (!elements.length) {
            throw new Error(`Nothing shows ${selector}.`);
        }
        for (const element of elements) {
            const box = element.getBoundingClientRect();
            if (!box.width || box.left < 0 || box.right > width) {
                throw new Error(
                    `${selector} is out of view: ${box.left}px to ${box.right}px in ${width}px.`
                );
            }
            if (element.scrollWidth > element.clientWidth + 1) {
                throw new Error(`${selector} is cut: "${element.textContent.trim()}".`);
            }
        }
    }
}

// A customer on a phone finds the status and deadline of their claims, opens
// a new one, and reads the coverage of their units: no sideways scrolling.
registry.category("web_tour.tours").add("aftersales_portal_phone_tour", {
    steps: () => [
        {
            content: "The claims list shows each claim's status",
            trigger: ".o_aftersales_claim_row .o_aftersales_claim_state .badge",
        },
        {
            content: "Status, deadline and New Claim all in view",
            trigger: ".o_aftersales_claim_deadline .badge.text-bg-danger",
            run() {
                assertInView([
                    ".o_aftersales_claim_state",
                    ".o_aftersales_claim_state .badge",
                    ".o_aftersales_claim_deadline",
                    ".o_aftersales_claim_deadline > span",
                    "#aftersales_new_claim",
                ]);
            },
        },
        {
            content: "New Claim is at hand, not behind the menu",
            trigger: "#aftersales_new_claim",
            run: "click",
        },
        {
            content: "The claim form opens",
            trigger: "#aftersales_claim_form",
            run() {
                assertInView(["#aftersales_claim_submit"]);
                window.location.href = "/my/warranties";
            },
        },
        {
            content: "The warranties list: one row per unit, its coverage in view",
            trigger: ".o_aftersales_unit .o_aftersales_upcoming",
            run() {
                assertInView([".o_aftersales_coverage", ".o_aftersales_coverage .badge"]);
            },
        },
    ],
});
