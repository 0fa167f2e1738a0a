# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class AftersalesDealerContract(models.Model):
    _name = "aftersales.dealer.contract"
    _inherit = ["aftersales.dealer.contract", "aftersales.report.document"]
