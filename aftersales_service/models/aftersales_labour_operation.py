# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class AftersalesLabourOperation(models.Model):
    _name = "aftersales.labour.operation"
    _description = "Repair Labour Operation"
    _order = "code, id"
    _check_company_auto = True

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    hours = fields.Float(
        string="Standard Hours",
        required=True,
        default=1.0,
        help="Flat-rate time of the operation, unless a contract sets its own.",
    )
    categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        help="The products this operation applies to. Empty: any product.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(comodel_name="res.company", index=True)

    _sql_constraints = [
        (
            "hours_positive",
            "CHECK(hours >= 0)",
            "The standard time of an operation cannot be negative.",
        ),
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "Operation codes are unique.",
        ),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for operation in self:
            operation.display_name = f"[{operation.code}] {operation.name}"
