# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "aftersales.claim.document"]

    aftersales_leg = fields.Selection(
        selection=[
            ("receipt", "Item Received"),
            ("return", "Item Returned"),
            ("replacement", "Replacement Delivered"),
        ],
        string="Claim Leg",
        readonly=True,
        copy=False,
    )

    def _aftersales_validate(self):
        """Validate a claim's transfer of one known unit, whoever clicks: its
        move line is complete, so none of the validation wizards apply."""
        self.move_ids.picked = True
        self._action_done()
