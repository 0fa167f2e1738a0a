# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_legal_profile_id = fields.Many2one(
        related="company_id.aftersales_legal_profile_id",
        readonly=False,
    )
    aftersales_repair_days = fields.Integer(
        related="company_id.aftersales_repair_days",
        readonly=False,
    )
