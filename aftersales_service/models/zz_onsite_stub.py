# TEMPORARY (not committed): the onsite-core fields until its branch is merged.
from odoo import fields, models


class FsmOrder(models.Model):
    _inherit = "fsm.order"

    aftersales_visit_type = fields.Selection(
        [("commissioning", "Commissioning"), ("repair", "Repair"),
         ("maintenance", "Maintenance"), ("callout", "Call-Out")])
    aftersales_claim_id = fields.Many2one("aftersales.claim", index=True)
    aftersales_sale_order_id = fields.Many2one("sale.order", index=True)
    aftersales_lot_ids = fields.Many2many("stock.lot")
    aftersales_commissioned_on = fields.Date()
    aftersales_dealer_id = fields.Many2one("res.partner", index=True)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_service_kind = fields.Selection(
        [("installation", "Installation"), ("maintenance_plan", "Maintenance Plan")])
