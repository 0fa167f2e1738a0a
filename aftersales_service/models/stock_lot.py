# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The units' warranties and purchase origins."""

from odoo import fields, models

# (vendor, receipt date, unit purchase price) of a unit with no known receipt.
NO_ORIGIN = (False, False, 0.0)


class StockLot(models.Model):
    _inherit = "stock.lot"

    aftersales_warranty_ids = fields.One2many(
        comodel_name="aftersales.warranty",
        inverse_name="lot_id",
        string="Warranties",
    )

    aftersales_warranty_count = fields.Integer(
        string="Warranty Count",
        compute="_compute_aftersales_warranty_count",
    )

    def _compute_aftersales_warranty_count(self):
        counts = dict(
            self.env["aftersales.warranty"]._read_group(
                [("lot_id", "in", self.ids)], groupby=["lot_id"], aggregates=["__count"]
            )
        )
        for lot in self:
            lot.aftersales_warranty_count = counts.get(lot, 0)

    def action_view_aftersales_warranties(self):
        self.ensure_one()
        return self.env["aftersales.warranty"]._action_open(
            [("lot_id", "=", self.id)],
            {
                "default_lot_id": self.id,
                "default_product_id": self.product_id.id,
            },
        )

    def _aftersales_purchase_origins(self):
        """{lot: (vendor, receipt date, unit purchase price)} of these units,
        from the receipts of all of them in one search."""
        move_lines = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", self.ids),
                    ("state", "=", "done"),
                    ("location_id.usage", "=", "supplier"),
                ],
                order="date desc, id desc",
            )
        )
        last = {}
        for move_line in move_lines:
            last.setdefault(move_line.lot_id, move_line)
        result = {}
        for lot in self:
            move_line = last.get(lot, self.env["stock.move.line"])
            purchase_line = move_line.move_id.purchase_line_id
            vendor = (
                purchase_line.order_id.partner_id
                or move_line.picking_id.partner_id.commercial_partner_id
            )
            result[lot] = (
                vendor,
                move_line and fields.Date.context_today(self, move_line.date),
                purchase_line.price_unit,
            )
        return result
