# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "aftersales.claim.document"]

    aftersales_repair_id = fields.Many2one(
        comodel_name="repair.order",
        string="For Repair",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        help="The repair whose missing parts this order buys.",
    )
