# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Deliveries of units that need commissioning create their visit."""

from odoo import Command, fields, models


class StockPickingOnsite(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    aftersales_fsm_order_ids = fields.One2many(
        comodel_name="fsm.order",
        inverse_name="aftersales_picking_id",
        string="Commissioning Visits",
    )

    def _action_done(self):
        result = super()._action_done()
        self.filtered(lambda p: p.state == "done")._aftersales_create_commissioning()
        return result

    def _aftersales_commissioning_moves(self):
        """The done moves of this delivery whose units are to be put into
        service on site: products that need commissioning, and every unit of
        a sale that sold an installation service."""
        self.ensure_one()
        installation = any(
            line.product_id.aftersales_service_kind == "installation"
            for line in self.sale_id.order_line
        )
        return self.move_ids.filtered(
            lambda m: (
                m.state == "done"
                and m.product_id.is_storable
                and (installation or m.product_id.aftersales_needs_commissioning)
            )
        )

    def _aftersales_create_commissioning(self):
        """One commissioning visit per delivery to a customer (its units
        together: one trip), at the customer's site of the delivery address,
        created in one batch."""
        # Whoever validates the delivery: the visit is the company's.
        pickings = self.sudo().filtered(
            lambda p: (
                p.location_dest_id.usage == "customer"
                and p.location_id.usage != "customer"
                and p.aftersales_leg != "return"
                and not p.aftersales_loan_id
                and not p.aftersales_fsm_order_ids
            )
        )
        todo = []
        for picking in pickings:
            moves = picking._aftersales_commissioning_moves()
            if not moves:
                continue
            owner = (
                picking.sale_id.partner_id or picking.partner_id
            ).commercial_partner_id
            todo.append((picking, moves, picking.partner_id or owner, owner))
        if not todo:
            return self.env["fsm.order"]
        sites = self.env["fsm.location"]._aftersales_for_sites(
            (address, owner) for __, __, address, owner in todo
        )
        vals_list = []
        for picking, moves, address, owner in todo:
            location = sites[address, owner]
            lots = moves.move_line_ids.filtered(
                lambda ml: ml.picked and ml.quantity > 0
            ).lot_id
            equipment = self.env["fsm.equipment"]._aftersales_for_lots(
                lots, location, owner
            )
            vals_list.append(
                picking._prepare_aftersales_commissioning_vals(
                    moves, location, lots, equipment
                )
            )
        return self.env["fsm.order"].sudo().create(vals_list)

    def _prepare_aftersales_commissioning_vals(self, moves, location, lots, equipment):
        """The values of the commissioning visit of this delivery."""
        self.ensure_one()
        return {
            **self.env["fsm.order"]._prepare_aftersales_defaults(
                self.company_id, location
            ),
            "aftersales_visit_type": "commissioning",
            "location_id": location.id,
            "aftersales_sale_order_id": self.sale_id.id,
            "aftersales_picking_id": self.id,
            "aftersales_lot_ids": [Command.set(lots.ids)],
            "equipment_ids": [Command.set(equipment.ids)],
            "company_id": self.company_id.id,
            "description": ", ".join(
                f"{move.product_id.display_name}: {move.quantity:g}" for move in moves
            ),
        }
