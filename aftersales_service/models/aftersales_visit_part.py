# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class AftersalesVisitPart(models.Model):
    _name = "aftersales.visit.part"
    _description = "Part Used on a Visit"
    _order = "order_id, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "fsm.order",
        string="Visit",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    product_id = fields.Many2one(
        "product.product",
        string="Part",
        required=True,
        domain="[('is_storable', '=', True)]",
        check_company=True,
    )
    tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    location_id = fields.Many2one(
        "stock.location",
        string="Taken From",
        compute="_compute_location_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="The van stock of the visit's technician.",
    )
    move_id = fields.Many2one("stock.move", readonly=True, copy=False, index=True)
    state = fields.Selection(
        [("draft", "To Use"), ("done", "Used")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        help="To Use: noted on the visit, still in the van. "
        "Used: moved out of the van to the customer.",
    )

    @api.depends("order_id.person_id.aftersales_van_location_id")
    def _compute_location_id(self):
        for part in self:
            if part.state == "draft":
                part.location_id = part.order_id.person_id.aftersales_van_location_id

    @api.constrains("location_id", "order_id", "quantity")
    def _check_van(self):
        for part in self:
            if part.quantity <= 0:
                raise ValidationError(
                    self.env._("The quantity of a part used must be positive.")
                )
            van = part.order_id.person_id.aftersales_van_location_id
            if part.location_id and part.location_id != van:
                raise ValidationError(
                    self.env._(
                        "%(location)s is not the van of %(person)s, the technician "
                        "of %(order)s: parts come from their own van only.",
                        location=part.location_id.display_name,
                        person=part.order_id.person_id.name or "-",
                        order=part.order_id.name,
                    )
                )

    def write(self, vals):
        if self.filtered(lambda part: part.state == "done") and set(vals) & {
            "product_id",
            "lot_id",
            "quantity",
            "location_id",
            "order_id",
        }:
            raise UserError(self.env._("A part already used cannot change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.filtered(lambda part: part.state == "done"):
            raise UserError(self.env._("A part already used cannot be removed."))

    def _prepare_aftersales_move_vals(self):
        self.ensure_one()
        order = self.order_id
        destination = self.env.ref("stock.stock_location_customers")
        return {
            "name": self.env._("%(order)s: part used", order=order.name),
            "origin": order.name,
            "product_id": self.product_id.id,
            "product_uom": self.product_id.uom_id.id,
            "product_uom_qty": self.quantity,
            "location_id": self.location_id.id,
            "location_dest_id": destination.id,
            "company_id": order.company_id.id,
            "fsm_order_id": order.id,
            "partner_id": order.location_id.owner_id.id,
            "move_line_ids": [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "product_uom_id": self.product_id.uom_id.id,
                        "lot_id": self.lot_id.id,
                        "quantity": self.quantity,
                        "location_id": self.location_id.id,
                        "location_dest_id": destination.id,
                        "company_id": order.company_id.id,
                    }
                )
            ],
        }
