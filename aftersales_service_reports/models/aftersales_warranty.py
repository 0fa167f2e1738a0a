# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class AftersalesWarranty(models.Model):
    _name = "aftersales.warranty"
    _inherit = ["aftersales.warranty", "aftersales.report.document"]
