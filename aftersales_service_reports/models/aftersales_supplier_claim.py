# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class AftersalesSupplierClaim(models.Model):
    _name = "aftersales.supplier.claim"
    _inherit = ["aftersales.supplier.claim", "aftersales.report.document"]
