# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from .aftersales_warranty_reserve import METHODS


class AftersalesWarrantyReserveProduct(models.Model):
    """One product of a warranty reserve: its units in service, the claims
    still expected of them and what those cost."""

    _name = "aftersales.warranty.reserve.product"
    _description = "Warranty Reserve per Product"
    _order = "reserve_id desc, amount_total desc, id"
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
    date = fields.Date(string="Reserve Date", readonly=True)
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, index=True, readonly=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    unit_count = fields.Float(
        string="Units in Service", digits="Product Unit of Measure", readonly=True
    )
    cost_per_claim = fields.Monetary(
        string="Cost per Claim",
        readonly=True,
        aggregator="avg",
        help="The average net cost of the product's resolved claims in "
        "warranty, rejected ones included.",
    )
    cost_claim_count = fields.Integer(
        string="Claims Costed",
        readonly=True,
        help="The claims the cost per claim is averaged over.",
    )
    cost_source = fields.Selection(
        selection=[
            ("product", "The Product's Claims"),
            ("category", "The Category's Claims"),
            ("none", "No Claim Yet"),
        ],
        string="Cost From",
        readonly=True,
        help="Whose claims the cost per claim comes from: the product's own, "
        "its category's where it has none, or none yet (no cost counted).",
    )
    expected_claim_count = fields.Float(
        string="Expected Claims", digits=(16, 2), readonly=True
    )
    amount_next = fields.Monetary(string="Next 12 Months", readonly=True)
    amount_total = fields.Monetary(string="Reserve Amount", readonly=True)
    extrapolated = fields.Boolean(
        readonly=True,
        help="Part of the claims ahead are at ages no unit of the product has "
        "reached yet: extrapolated.",
    )
    method = fields.Selection(
        selection=METHODS, string="Extrapolated By", readonly=True
    )
