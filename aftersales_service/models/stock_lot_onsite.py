# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Where the units are and whose they are, for the on-site visits."""

from odoo import fields, models

from .aftersales_warranty import LIVE_STATES


class StockLotOnsite(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    def _aftersales_owners(self):
        """{lot: (owner, delivery date)} of these units, in two searches: the
        owner is the customer (commercial partner) of the unit's live
        warranty, else of its last delivery; the delivery date is the day of
        that delivery when the unit is at the customer's now (its last done
        move went to a customer), else False."""
        move_lines = (
            self.env["stock.move.line"]
            .sudo()
            .search_fetch(
                [("lot_id", "in", self.ids), ("state", "=", "done")],
                ["lot_id", "date", "location_id", "location_dest_id", "picking_id"],
                order="date desc, id desc",
            )
        )
        last = {}
        for move_line in move_lines:
            last.setdefault(move_line.lot_id, move_line)
        warranties = (
            self.env["aftersales.warranty"]
            .sudo()
            .search_fetch(
                [("lot_id", "in", self.ids), ("state", "in", LIVE_STATES)],
                ["lot_id", "partner_id"],
                order="date_start desc, id desc",
            )
        )
        owners = {}
        for warranty in warranties:
            owners.setdefault(
                warranty.lot_id, warranty.partner_id.commercial_partner_id
            )
        result = {}
        for lot in self:
            move_line = last.get(lot)
            delivered = bool(
                move_line
                and move_line.location_dest_id.usage == "customer"
                and move_line.location_id.usage != "customer"
            )
            buyer = delivered and (
                move_line.move_id.sale_line_id.order_id.partner_id
                or move_line.picking_id.partner_id
            )
            owner = owners.get(lot) or (buyer and buyer.commercial_partner_id)
            result[lot] = (
                owner or self.env["res.partner"],
                delivered and fields.Date.context_today(self, move_line.date),
            )
        return result
