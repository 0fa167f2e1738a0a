# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _get_warranty_policy(self):
        """The product's own warranty terms, else its category's."""
        self.ensure_one()
        return self.warranty_policy_id or self.categ_id._get_warranty_policy()
