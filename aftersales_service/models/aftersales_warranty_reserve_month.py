# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AftersalesWarrantyReserveMonth(models.Model):
    """The claims and cost expected of one product in one month ahead; the
    thirteenth month holds all that follows, until coverage ends."""

    _name = "aftersales.warranty.reserve.month"
    _description = "Warranty Reserve per Month"
    _order = "reserve_id desc, product_id, months_ahead"
    _rec_name = "product_id"

    reserve_id = fields.Many2one(
        comodel_name="aftersales.warranty.reserve",
        required=True,
        index=True,
        ondelete="cascade",
    )
    # Kept as they were on the reserve's day (and written with it, in one
    # batch, rather than computed row by row).
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    currency_id = fields.Many2one(related="reserve_id.currency_id")
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, index=True, readonly=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    months_ahead = fields.Integer(
        readonly=True,
        aggregator=False,
        help="1 for next month; 13 for all the months after the twelfth.",
    )
    date = fields.Date(
        string="Month",
        readonly=True,
        help="The month's first day; for the 13th, the first month after the twelve.",
    )
    expected_claim_count = fields.Float(
        string="Expected Claims", digits=(16, 2), readonly=True
    )
    amount = fields.Monetary(string="Expected Cost", readonly=True)
