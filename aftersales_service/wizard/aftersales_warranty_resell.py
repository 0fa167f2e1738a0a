# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AftersalesWarrantyResell(models.TransientModel):
    _name = "aftersales.warranty.resell"
    _description = "Register the End Customer of a Dealer's Unit"

    warranty_ids = fields.Many2many(
        comodel_name="aftersales.warranty",
        string="Units",
        required=True,
        domain="[('dealer_id', '!=', False)]",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="End Customer",
        required=True,
    )

    def action_resell(self):
        self.ensure_one()
        self.warranty_ids._resell_to(self.partner_id)
        return {"type": "ir.actions.act_window_close"}
