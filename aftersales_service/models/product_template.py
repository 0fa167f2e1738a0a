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
