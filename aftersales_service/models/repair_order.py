# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class RepairOrder(models.Model):
    _name = "repair.order"
    _inherit = ["repair.order", "aftersales.claim.document"]

    def action_create_sale_order(self):
        """The quotation of a paid repair belongs to its claim too; under
        partial warranty terms, the covered share is a discount (parts on
        goods, labour on services)."""
        result = super().action_create_sale_order()
        for repair in self.filtered("aftersales_claim_id"):
            claim = repair.aftersales_claim_id
            repair.sale_order_id.aftersales_claim_id = claim
            if claim.coverage != "in_warranty":
                continue
            policy = claim.warranty_id.policy_id
            for line in repair.sale_order_id.order_line:
                line.discount = (
                    policy.labour_coverage
                    if line.product_id.type == "service"
                    else policy.parts_coverage
                )
        return result
