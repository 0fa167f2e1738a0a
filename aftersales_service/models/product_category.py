# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    warranty_policy_id = fields.Many2one(
        comodel_name="aftersales.warranty.policy",
        string="Warranty Terms",
        domain="[('warranty_type', '!=', 'extended')]",
        help="Warranty terms of the products of this category (and of its "
        "sub-categories) that set none of their own.",
    )

    aftersales_loaner_excluded = fields.Boolean(
        string="Excluded from the Loaner Duty",
        help="Goods of this category are on the government list of goods for "
        "which no loaner is owed during a repair (RU: Decree N 2463).",
    )
    aftersales_loaner_same_category = fields.Boolean(
        string="Loaners Interchangeable",
        help="A loaner unit of any product of this category may stand in for "
        "another product of the category while it is in repair.",
    )

    def _get_warranty_policy(self):
        """The terms of this category, else of its nearest parent with some."""
        self.ensure_one()
        category = self
        while category and not category.warranty_policy_id:
            category = category.parent_id
        return category.warranty_policy_id
