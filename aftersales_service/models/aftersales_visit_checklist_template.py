# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

VISIT_TYPES = [
    ("commissioning", "Commissioning"),
    ("repair", "Repair"),
    ("maintenance", "Maintenance"),
    ("callout", "Call-Out"),
]


class AftersalesVisitChecklistTemplate(models.Model):
    _name = "aftersales.visit.checklist.template"
    _description = "Visit Checklist Template"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    visit_type = fields.Selection(
        selection="_selection_visit_type",
        required=True,
        index=True,
        help="Each visit of this type gets these checks when the technician starts it.",
    )
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: shared by all companies."
    )
    line_ids = fields.One2many(
        "aftersales.visit.checklist.template.line", "template_id", string="Checks"
    )

    @api.model
    def _selection_visit_type(self):
        field = self.env["fsm.order"]._fields.get("aftersales_visit_type")
        return field.selection if field else VISIT_TYPES
