# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    warranty_policy_id = fields.Many2one(
        comodel_name="aftersales.warranty.policy",
        string="Warranty Terms",
        domain="[('warranty_type', '!=', 'extended')]",
        help="Warranty registered for every unit delivered to a customer. "
        "Empty: the terms of the product category.",
    )
    aftersales_extended_policy_id = fields.Many2one(
        comodel_name="aftersales.warranty.policy",
        string="Sells Extended Warranty",
        domain="[('warranty_type', '=', 'extended')]",
        help="Makes this service product an extended warranty: sold on an "
        "order, it adds these terms to the units of that order (or of the "
        "line it is attached to).",
    )
    aftersales_loaner_equivalent_ids = fields.Many2many(
        comodel_name="product.template",
        relation="product_template_aftersales_loaner_equivalent_rel",
        column1="product_tmpl_id",
        column2="equivalent_tmpl_id",
        string="Loaner Equivalents",
        help="Products whose loaner units may stand in for this product while "
        "it is in repair (besides this product itself).",
    )

    aftersales_needs_commissioning = fields.Boolean(
        string="Needs Commissioning",
        help="Each delivered unit is installed and put into service by a "
        "technician: validating its delivery creates a commissioning visit.",
    )
    aftersales_service_kind = fields.Selection(
        selection=[
            ("installation", "Installation / Commissioning"),
            ("maintenance_plan", "Maintenance Plan"),
        ],
        string="After-Sales Service",
        help="What this service product sells:\n"
        "- Installation / Commissioning: the units of the order are installed "
        "and put into service on site; their delivery creates the visits.\n"
        "- Maintenance Plan: periodic maintenance visits of the units.",
    )

    @api.constrains("aftersales_extended_policy_id", "type")
    def _check_extended_policy_is_service(self):
        for template in self:
            if template.aftersales_extended_policy_id and template.type != "service":
                raise ValidationError(
                    self.env._(
                        "Only a service product can sell an extended warranty "
                        "(%(product)s).",
                        product=template.display_name,
                    )
                )
