# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


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
