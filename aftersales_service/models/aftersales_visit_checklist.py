# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from .aftersales_visit_checklist_template_line import CHECK_KINDS


class AftersalesVisitChecklist(models.Model):
    _name = "aftersales.visit.checklist"
    _description = "Visit Check"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one(
        "fsm.order", string="Visit", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True)
    kind = fields.Selection(CHECK_KINDS, required=True, default="check")
    uom = fields.Char(string="Unit")
    done = fields.Boolean()
    reading = fields.Char(help="The value measured on site.")
    photo = fields.Image(attachment=True, max_width=1920, max_height=1920)
