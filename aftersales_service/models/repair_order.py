# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

PARTS_STATES = [
    ("reserved", "All Reserved"),
    ("partial", "Partly Reserved"),
    ("missing", "Missing"),
]


class RepairOrder(models.Model):
    _name = "repair.order"
    _inherit = ["repair.order", "aftersales.claim.document"]

    aftersales_parts_state = fields.Selection(
        selection=PARTS_STATES,
        string="Parts Status",
        compute="_compute_aftersales_parts_state",
        store=True,
        index="btree_not_null",
        help="- All Reserved: every part to add is reserved.\n"
        "- Partly Reserved: some parts wait for stock.\n"
        "- Missing: no part to add is reserved yet.",
    )
    aftersales_waiting_since = fields.Datetime(
        string="Waiting Since",
        compute="_compute_aftersales_parts_state",
        store=True,
        help="When the oldest part still missing was asked for.",
    )
    aftersales_parts_missing = fields.Char(
        string="Missing Parts",
        compute="_compute_aftersales_parts_missing",
    )
    aftersales_picking_ids = fields.One2many(
        comodel_name="stock.picking",
        inverse_name="aftersales_repair_id",
        string="Parts Transfers",
    )
    aftersales_purchase_ids = fields.One2many(
        comodel_name="purchase.order",
        inverse_name="aftersales_repair_id",
        string="Parts Purchases",
    )

    @api.depends(
        "state",
        "move_ids.state",
        "move_ids.quantity",
        "move_ids.repair_line_type",
    )
    def _compute_aftersales_parts_state(self):
        for repair in self:
            moves = repair._aftersales_part_moves()
            waiting = moves.filtered(lambda m: m.state != "assigned")
            if repair.state not in ("confirmed", "under_repair") or not moves:
                state = False
            elif not waiting:
                state = "reserved"
            elif any(move.quantity > 0 for move in moves):
                state = "partial"
            else:
                state = "missing"
            repair.aftersales_parts_state = state
            repair.aftersales_waiting_since = (
                min(waiting.mapped("create_date"))
                if state in ("partial", "missing")
                else False
            )

    def _compute_aftersales_parts_missing(self):
        for repair in self:
            repair.aftersales_parts_missing = ", ".join(
                f"{qty:g} x {product.display_name}"
                for product, qty in repair._aftersales_missing_quantities().items()
            )

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

    def action_aftersales_send_quotation(self):
        """Send the paid repair's quotation to the customer, who accepts and
        signs it on the portal."""
        for repair in self:
            order = repair.sale_order_id
            if not order or not repair.aftersales_claim_id:
                raise UserError(
                    self.env._(
                        "%(repair)s has no quotation of a claim to send.",
                        repair=repair.name,
                    )
                )
            if order.state == "draft":
                order.action_quotation_sent()
            repair.aftersales_claim_id._notify_customer("quotation")
        return True

    def action_aftersales_reserve_parts(self):
        """Reserve the parts of these repairs from their parts location."""
        self._aftersales_check_open(self.env._("reserve parts for"))
        moves = self._aftersales_part_moves()
        for move in moves:
            if (
                float_compare(
                    move.quantity,
                    move.product_uom_qty,
                    precision_rounding=move.product_uom.rounding,
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(repair)s reserves %(quantity)s of %(part)s, more than "
                        "the %(needed)s it needs: lower the quantity first.",
                        repair=move.repair_id.name,
                        quantity=move.quantity,
                        part=move.product_id.display_name,
                        needed=move.product_uom_qty,
                    )
                )
        moves.filtered(lambda m: m.state != "assigned")._action_assign()
        return True

    def action_aftersales_apply_kits(self):
        """Add the parts of the kits of the claim's failure codes that the
        repair does not list yet."""
        self._aftersales_check_open(self.env._("add kit parts to"))
        kits = self.env["aftersales.parts.kit"]._for_repairs(self)
        for repair in self:
            if not kits[repair]:
                raise UserError(
                    self.env._(
                        "No parts kit for the failures of %(repair)s.",
                        repair=repair.name,
                    )
                )
            listed = repair._aftersales_part_moves().product_id
            repair.move_ids = [
                Command.create(
                    {
                        "repair_line_type": "add",
                        "product_id": line.product_id.id,
                        "product_uom_qty": line.quantity,
                        "product_uom": line.product_id.uom_id.id,
                    }
                )
                for line in kits[repair].line_ids
                if line.product_id not in listed
            ]
        return True

    def action_aftersales_request_parts(self):
        """Replenish what the repairs miss: an internal transfer from the
        main stock to each repair's parts location, and a request for
        quotation to the vendor for what the main stock lacks."""
        self._aftersales_check_open(self.env._("request parts for"))
        needs = {repair: repair._aftersales_missing_quantities() for repair in self}
        if not any(needs.values()):
            raise UserError(self.env._("Every part of these repairs is reserved."))
        # What the main stocks can give, and the vendors of the rest, all
        # checked before anything is written.
        free = {}
        for main in self.mapped(lambda r: r._aftersales_main_stock()):
            products = self.env["product.product"].browse(
                {
                    product.id
                    for repair, missing in needs.items()
                    if repair._aftersales_main_stock() == main
                    for product in missing
                }
            )
            for product in products.with_context(location=main.id):
                free[main, product] = max(product.free_qty, 0.0)
        to_buy = []
        for repair, missing in needs.items():
            main = repair._aftersales_main_stock()
            for product, qty in missing.items():
                taken = min(qty, free[main, product])
                free[main, product] -= taken
                shortage = qty - taken
                if float_is_zero(shortage, precision_rounding=product.uom_id.rounding):
                    continue
                seller = product.sudo()._select_seller(quantity=shortage)
                if not seller:
                    raise UserError(
                        self.env._(
                            "%(part)s is missing and no stock is left: give it a "
                            "vendor to buy it from.",
                            part=product.display_name,
                        )
                    )
                to_buy.append((repair, seller, product, shortage))
        for repair, missing in needs.items():
            if missing:
                repair._aftersales_create_parts_transfer(missing)
        self._aftersales_create_purchases(to_buy)
        return True

    def action_aftersales_view_parts_documents(self):
        """The transfers or purchases that bring the repair's parts, named
        by the context's ``documents`` (kept for earlier callers)."""
        self.ensure_one()
        return {
            "pickings": self.action_aftersales_view_parts_pickings,
            "purchases": self.action_aftersales_view_parts_purchases,
        }[self.env.context["documents"]]()

    def action_aftersales_view_parts_pickings(self):
        """The transfers that bring the repair's parts."""
        self.ensure_one()
        return self.env["aftersales.workflow.mixin"]._documents_action(
            self.aftersales_picking_ids,
            self.name,
            "stock.action_picking_tree_all",
            {"default_company_id": self.company_id.id},
        )

    def action_aftersales_view_parts_purchases(self):
        """The purchases of the repair's parts."""
        self.ensure_one()
        return self.env["aftersales.workflow.mixin"]._documents_action(
            self.aftersales_purchase_ids,
            self.name,
            "purchase.purchase_rfq",
            {"default_company_id": self.company_id.id},
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _aftersales_check_open(self, verb):
        for repair in self:
            if repair.state in ("done", "cancel"):
                raise UserError(
                    self.env._(
                        "Cannot %(verb)s %(repair)s: the repair is over.",
                        verb=verb,
                        repair=repair.name,
                    )
                )

    def _aftersales_part_moves(self):
        """The parts to add that are not consumed nor cancelled yet."""
        return self.move_ids.filtered(
            lambda m: m.repair_line_type == "add" and m.state not in ("done", "cancel")
        )

    def _aftersales_missing_quantities(self):
        """Part -> quantity still to reserve (in the part's unit)."""
        self.ensure_one()
        missing = defaultdict(float)
        for move in self._aftersales_part_moves():
            qty = move.product_uom._compute_quantity(
                move.product_uom_qty - move.quantity, move.product_id.uom_id
            )
            if qty > 0:
                missing[move.product_id] += qty
        return missing

    def _aftersales_main_stock(self):
        self.ensure_one()
        return self.picking_type_id.warehouse_id.lot_stock_id

    def _aftersales_create_parts_transfer(self, missing):
        """An internal transfer of ``missing`` parts from the main stock to
        the repair's parts location (none when the repair takes its parts
        from the main stock itself)."""
        self.ensure_one()
        main, destination = self._aftersales_main_stock(), self.location_id
        if destination == main or destination.parent_path.startswith(main.parent_path):
            return self.env["stock.picking"]
        warehouse = self.picking_type_id.warehouse_id
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": warehouse.int_type_id.id,
                    "location_id": main.id,
                    "location_dest_id": destination.id,
                    "origin": self.name,
                    "aftersales_repair_id": self.id,
                    "aftersales_claim_id": self.aftersales_claim_id.id,
                    "company_id": self.company_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.display_name,
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "product_uom": product.uom_id.id,
                                "location_id": main.id,
                                "location_dest_id": destination.id,
                                "company_id": self.company_id.id,
                            }
                        )
                        for product, qty in missing.items()
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _aftersales_create_purchases(self, to_buy):
        """Requests for quotation, one per repair and vendor, of the
        ``to_buy`` parts: (repair, seller, part, quantity) tuples."""
        by_vendor = defaultdict(list)
        for repair, seller, product, qty in to_buy:
            by_vendor[repair, seller.partner_id].append((seller, product, qty))
        return (
            self.env["purchase.order"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": vendor.id,
                        "origin": repair.name,
                        "picking_type_id": (
                            repair.picking_type_id.warehouse_id.in_type_id.id
                        ),
                        "company_id": repair.company_id.id,
                        "aftersales_repair_id": repair.id,
                        "aftersales_claim_id": repair.aftersales_claim_id.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_qty": qty,
                                    "product_uom": product.uom_id.id,
                                    "price_unit": seller.price,
                                    "date_planned": fields.Datetime.now()
                                    + timedelta(days=seller.delay),
                                }
                            )
                            for seller, product, qty in lines
                        ],
                    }
                    for (repair, vendor), lines in by_vendor.items()
                ]
            )
        )
