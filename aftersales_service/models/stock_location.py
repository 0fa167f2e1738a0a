# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    aftersales_repair = fields.Boolean(
        string="After-Sales Repair Location",
        help="Claimed items are received here and wait for their repair.",
    )
    aftersales_loaner = fields.Boolean(
        string="Loaner Location",
        help="Loaner units wait here between loans.",
    )
