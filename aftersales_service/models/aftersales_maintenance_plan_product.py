# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"  # pylint: disable=consider-merging-classes-inherited

    aftersales_plan_period_months = fields.Integer(
        string="Maintenance Period (months)",
        default=12,
        help="A maintenance plan gives a visit every this many months.",
    )
    aftersales_plan_visit_count = fields.Integer(
        string="Maintenance Visits",
        default=1,
        help="How many visits a maintenance plan gives in all.",
    )

    @api.constrains(
        "aftersales_service_kind",
        "aftersales_plan_period_months",
        "aftersales_plan_visit_count",
    )
    def _check_aftersales_plan(self):
        for product in self:
            if product.aftersales_service_kind == "maintenance_plan" and (
                product.aftersales_plan_period_months <= 0
                or product.aftersales_plan_visit_count <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The maintenance plan %(product)s needs a period of at "
                        "least one month and at least one visit.",
                        product=product.display_name,
                    )
                )
