# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    warranty_policy_id = fields.Many2one(
        comodel_name="aftersales.warranty.policy",
        string="Warranty Terms",
        compute="_compute_warranty_policy_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('warranty_type', '!=', 'extended'), "
        "('company_id', 'in', [company_id, False])]",
        help="Warranty registered for each unit of this line on delivery. "
        "Defaults to the product's terms.",
    )
    aftersales_extended_policy_id = fields.Many2one(
        related="product_id.aftersales_extended_policy_id",
        string="Extended Warranty Terms",
    )
    aftersales_extends_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Extends",
        index="btree_not_null",
        ondelete="set null",
        domain="[('order_id', '=', order_id), ('warranty_policy_id', '!=', False)]",
        help="For an extended warranty: the order line whose units it extends. "
        "Empty: every unit of the order that has warranty terms.",
    )

    @api.depends("product_id")
    def _compute_warranty_policy_id(self):
        for line in self:
            product = line.product_id
            line.warranty_policy_id = (
                product._get_warranty_policy()
                if product and product.type != "service"
                else False
            )

    def _aftersales_extended_targets(self):
        """The lines whose units this extended-warranty line extends."""
        self.ensure_one()
        return self.aftersales_extends_line_id or self.order_id.order_line.filtered(
            lambda line: line.warranty_policy_id and not line.display_type
        )
