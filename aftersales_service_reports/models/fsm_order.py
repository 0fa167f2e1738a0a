# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class FsmOrder(models.Model):
    _name = "fsm.order"
    _inherit = ["fsm.order", "aftersales.report.document"]

    def _aftersales_customer(self):
        """The customer the visit's documents are made out to: the owner of
        the site."""
        self.ensure_one()
        return self.location_id.owner_id

    def _aftersales_units_lines(self):
        """(product, serial, warranty terms) of the visit's units, the
        equipment without a serial number included."""
        self.ensure_one()
        warranties = (
            self.env["aftersales.warranty"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", self.aftersales_lot_ids.ids),
                    ("parent_id", "=", False),
                ],
                order="date_start desc, id desc",
            )
        )
        terms = {}
        for warranty in warranties:
            terms.setdefault(warranty.lot_id, warranty)
        lines = [
            (lot.product_id, lot.name, terms.get(lot))
            for lot in self.aftersales_lot_ids
        ]
        lines += [
            (equipment.product_id, equipment.name, None)
            for equipment in self.equipment_ids
            if not equipment.lot_id or equipment.lot_id not in self.aftersales_lot_ids
        ]
        return lines
