# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AftersalesVisitSign(models.TransientModel):
    _name = "aftersales.visit.sign"
    _description = "Customer Signature of a Visit"

    order_id = fields.Many2one("fsm.order", string="Visit", required=True)
    signed_by = fields.Char(string="Customer's Name", required=True)
    signature = fields.Binary(required=True)

    def action_sign(self):
        self.ensure_one()
        self.order_id.action_aftersales_sign(self.signature, self.signed_by)
        return {"type": "ir.actions.act_window_close"}
