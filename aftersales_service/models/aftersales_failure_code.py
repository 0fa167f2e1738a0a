# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class AftersalesFailureCode(models.Model):
    _name = "aftersales.failure.code"
    _description = "Failure Code"
    _order = "category_id, code, id"

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    category_id = fields.Many2one(
        comodel_name="aftersales.failure.category",
        ondelete="restrict",
        index=True,
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A failure code must be unique."),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for failure in self:
            failure.display_name = f"[{failure.code}] {failure.name}"
