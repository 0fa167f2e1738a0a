# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AftersalesFailureCategory(models.Model):
    _name = "aftersales.failure.category"
    _description = "Failure Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    code_ids = fields.One2many(
        comodel_name="aftersales.failure.code",
        inverse_name="category_id",
        string="Failure Codes",
    )
