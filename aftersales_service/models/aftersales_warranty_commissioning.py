# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Warranties whose terms start on commissioning."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.osv import expression

from .aftersales_warranty import LIVE_STATES


class AftersalesWarrantyCommissioning(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "aftersales.warranty"  # pylint: disable=consider-merging-classes-inherited

    awaiting_commissioning = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="The terms start on commissioning and the unit is not "
        "commissioned yet: the warranty is upcoming, its dates provisional "
        "(from the delivery). The unit is covered meanwhile.",
    )
    date_commissioning_due = fields.Date(
        string="Commissioning Fallback",
        readonly=True,
        copy=False,
        help="When the customer has booked no commissioning visit by this day "
        "(the delivery date plus the legal profile's fallback days), the "
        "warranty starts on it. Empty: it waits for the commissioning.",
    )
    date_commissioned = fields.Date(
        string="Commissioned On",
        readonly=True,
        copy=False,
        help="The day the unit was put into service, from its commissioning visit.",
    )

    def _sync_state_with_dates(self):
        # A warranty waiting for its commissioning has not started.
        waiting = self.filtered(
            lambda w: w.awaiting_commissioning and w.state not in ("void", "expired")
        )
        waiting.filtered(lambda w: w.state != "upcoming").write({"state": "upcoming"})
        return super(
            AftersalesWarrantyCommissioning, self - waiting
        )._sync_state_with_dates()

    @api.model
    def _start_on_commissioning(self, entries):
        """Start the warranties waiting for the commissioning of their units.
        ``entries``: (lots, delivery, commissioning date) of each visit; the
        untracked units of the delivery count with its lots. One search, one
        write per date."""
        domain = expression.OR(
            [("lot_id", "in", lots.ids)]
            if not picking
            else [
                "|",
                ("lot_id", "in", lots.ids),
                "&",
                ("picking_id", "=", picking.id),
                ("lot_id", "=", False),
            ]
            for lots, picking, __ in entries
        )
        waiting = self.search(
            [
                ("awaiting_commissioning", "=", True),
                ("state", "in", LIVE_STATES),
                *domain,
            ]
        )
        by_date = defaultdict(lambda: self.browse())
        for warranty in waiting:
            for lots, picking, day in entries:
                if warranty.lot_id in lots or (
                    not warranty.lot_id and warranty.picking_id == picking
                ):
                    by_date[day] |= warranty
                    break
        for day, warranties in by_date.items():
            warranties._start_commissioned(day, day)
        return waiting

    def _start_commissioned(self, date_start, date_commissioned):
        """Start these warranties on ``date_start`` (their extensions follow
        through their own start date)."""
        self.write(
            {
                "date_start": date_start,
                "date_commissioned": date_commissioned,
                "awaiting_commissioning": False,
            }
        )
        self._sync_state_with_dates()
        (self.child_ids - self)._sync_state_with_dates()

    @api.model
    def _cron_commissioning_fallback(self, batch_size=5000):
        """Start on the legal fallback day the warranties of units whose
        customer never booked the commissioning (no open commissioning visit
        with a planned date), one batch per call; the cron runs again while
        some remain."""
        today = fields.Date.context_today(self)
        booked = (
            self.env["fsm.order"]
            .sudo()
            .search(
                [
                    ("aftersales_visit_type", "=", "commissioning"),
                    ("scheduled_date_start", "!=", False),
                    ("is_closed", "=", False),
                ]
            )
            .aftersales_lot_ids
        )
        domain = [
            ("awaiting_commissioning", "=", True),
            ("date_commissioning_due", "!=", False),
            ("date_commissioning_due", "<=", today),
            ("state", "in", LIVE_STATES),
        ]
        if booked:
            domain.append(("lot_id", "not in", booked.ids))
        warranties = self.search_fetch(
            domain, ["date_commissioning_due", "state"], limit=batch_size, order="id"
        )
        by_date = defaultdict(lambda: self.browse())
        for warranty in warranties:
            by_date[warranty.date_commissioning_due] |= warranty
        for day, group in by_date.items():
            group.with_context(tracking_disable=True)._start_commissioned(day, False)
        remaining = self.search_count(domain) if len(warranties) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(warranties), remaining=remaining)
        return len(warranties)

    def _aftersales_portal_visits(self):
        """The on-site visits of this warranty's unit, for its owner's portal
        page (sudo: customers have no access to the visits themselves)."""
        self.ensure_one()
        if not self.lot_id:
            return self.env["fsm.order"]
        return (
            self.env["fsm.order"]
            .sudo()
            .search(
                [
                    ("aftersales_lot_ids", "in", self.lot_id.ids),
                    ("aftersales_visit_type", "!=", False),
                    ("company_id", "=", self.company_id.id),
                    (
                        "location_id.owner_id",
                        "child_of",
                        self.partner_id.commercial_partner_id.id,
                    ),
                ],
                order="scheduled_date_start desc, id desc",
            )
        )
