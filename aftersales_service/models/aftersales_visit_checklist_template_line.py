# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

CHECK_KINDS = [
    ("check", "Check"),
    ("reading", "Reading"),
    ("photo", "Photo"),
]


class AftersalesVisitChecklistTemplateLine(models.Model):
    _name = "aftersales.visit.checklist.template.line"
    _description = "Visit Checklist Template Check"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "aftersales.visit.checklist.template",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True, translate=True)
    kind = fields.Selection(
        CHECK_KINDS,
        required=True,
        default="check",
        help="Check: done or not. Reading: a measured value and its unit. "
        "Photo: a picture taken on site.",
    )
    uom = fields.Char(string="Unit", translate=True, help="Of a reading: bar, V, °C.")
