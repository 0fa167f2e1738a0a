# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The claim's parts: repairs waiting for parts, risk to the deadline."""

from datetime import timedelta

from odoo import api, fields, models

from .aftersales_claim import STAFF


class AftersalesClaimParts(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    parts_waiting = fields.Boolean(
        string="Waiting for Parts",
        compute="_compute_parts_waiting",
        store=True,
        index=True,
        help="A repair of this claim misses parts.",
    )

    date_parts_expected = fields.Datetime(
        string="Parts Expected",
        compute="_compute_parts_risk",
        groups=STAFF,
        help="When the last missing part should arrive: the latest scheduled "
        "date of the open parts transfers and purchases.",
    )

    parts_deadline_risk = fields.Boolean(
        string="Parts Put the Deadline at Risk",
        compute="_compute_parts_risk",
        groups=STAFF,
        help="The parts are expected on or after the legal deadline (or not "
        "requested yet with the deadline less than a week away).",
    )

    @api.depends("repair_ids.aftersales_parts_state")
    def _compute_parts_waiting(self):
        for claim in self:
            claim.parts_waiting = any(
                state in ("partial", "missing")
                for state in claim.repair_ids.mapped("aftersales_parts_state")
            )

    @api.depends("parts_waiting", "date_deadline")
    @api.depends_context("date")
    def _compute_parts_risk(self):
        today = fields.Date.context_today(self)
        for claim in self:
            repairs = claim.sudo().repair_ids
            dates = repairs.aftersales_picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            ).mapped("scheduled_date") + repairs.aftersales_purchase_ids.filtered(
                lambda o: o.state not in ("done", "cancel")
            ).order_line.mapped("date_planned")
            claim.date_parts_expected = max(dates, default=False)
            expected = claim.date_parts_expected
            claim.parts_deadline_risk = bool(
                claim.parts_waiting
                and claim.date_deadline
                and (
                    expected.date() >= claim.date_deadline
                    if expected
                    else claim.date_deadline <= today + timedelta(days=7)
                )
            )
