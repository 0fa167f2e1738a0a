# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class AftersalesDealerClaim(models.Model):
    _name = "aftersales.dealer.claim"
    _inherit = ["aftersales.dealer.claim", "aftersales.report.document"]
