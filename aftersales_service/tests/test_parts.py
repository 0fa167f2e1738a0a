# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import AftersalesWarrantyCommon


class PartsCommon(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.repair_location = cls.warehouse._aftersales_repair_location()
        cls.vendor = cls.env["res.partner"].create({"name": "Parts vendor (test)"})
        products = cls.env["product.product"]
        cls.pump = products.create(
            {"name": "Drain pump (test)", "is_storable": True, "standard_price": 20}
        )
        cls.board = products.create(
            {
                "name": "Control board (test)",
                "is_storable": True,
                "standard_price": 60,
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": cls.vendor.id,
                            "price": 55.0,
                            "delay": 5,
                            "aftersales_warranty_months": 12,
                        }
                    )
                ],
            }
        )
        codes = cls.env["aftersales.failure.code"]
        cls.code_leak = codes.create({"code": "T-LEAK", "name": "Leak (test)"})
        cls.code_power = codes.create({"code": "T-PWR", "name": "No power (test)"})
        cls.warehouse_user = new_test_user(
            cls.env,
            login="as_warehouse",
            groups="stock.group_stock_user,aftersales_service.group_aftersales_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def _claim_repair(self, serial, codes=None):
        """A received claim for a delivered unit, and its repair (draft)."""
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        claim = (
            self.env["aftersales.claim"]
            .with_user(self.aftersales_user)
            .create(
                {
                    "serial": serial,
                    "failure_code_ids": [Command.set((codes or self.code_leak).ids)],
                }
            )
        )
        claim.action_receive()
        claim.action_create_repair()
        return claim, claim.repair_ids.with_user(self.env.user)

    def _add_parts(self, repair, parts):
        repair.move_ids = [
            Command.create(
                {
                    "repair_line_type": "add",
                    "product_id": part.id,
                    "product_uom_qty": qty,
                }
            )
            for part, qty in parts
        ]

    def _put(self, product, location, quantity):
        self.env["stock.quant"]._update_available_quantity(product, location, quantity)


@tagged("post_install", "-at_install")
class TestParts(PartsCommon):
    def test_kits_fill_the_repair(self):
        kits = self.env["aftersales.parts.kit"].with_user(self.aftersales_manager)
        kits.create(
            {
                "name": "Leak, any product",
                "failure_code_id": self.code_leak.id,
                "line_ids": [Command.create({"product_id": self.pump.id})],
            }
        )
        kits.create(
            {
                "name": "Leak on the washer",
                "failure_code_id": self.code_leak.id,
                "product_id": self.product_serial.id,
                "line_ids": [
                    Command.create({"product_id": self.pump.id, "quantity": 2}),
                    Command.create({"product_id": self.board.id}),
                ],
            }
        )
        __, repair = self._claim_repair("SN-P1")
        repair = repair.with_user(self.warehouse_user)
        repair.action_aftersales_apply_kits()
        parts = {m.product_id: m.product_uom_qty for m in repair.move_ids}
        self.assertEqual(parts, {self.pump: 2, self.board: 1})
        # Applying again adds nothing twice.
        repair.action_aftersales_apply_kits()
        self.assertEqual(len(repair.move_ids), 2)
        __, other = self._claim_repair("SN-P2", codes=self.code_power)
        with self.assertRaisesRegex(UserError, "No parts kit"):
            other.with_user(self.warehouse_user).action_aftersales_apply_kits()

    def test_reserve_with_enough_and_with_missing_stock(self):
        claim, repair = self._claim_repair("SN-P3")
        self._add_parts(repair, [(self.pump, 2), (self.board, 1)])
        self._put(self.pump, self.repair_location, 5)
        repair.action_validate()
        repair = repair.with_user(self.warehouse_user)
        repair.action_aftersales_reserve_parts()
        self.assertEqual(repair.aftersales_parts_state, "partial")
        self.assertEqual(
            repair.aftersales_parts_missing, f"1 x {self.board.display_name}"
        )
        self.assertTrue(repair.aftersales_waiting_since)
        self.assertTrue(claim.parts_waiting)
        waiting = self.env.ref("aftersales_service.repair_order_action_waiting_parts")
        listed = (
            self.env["repair.order"]
            .with_user(self.warehouse_user)
            .search(safe_eval(waiting.domain))
        )
        self.assertIn(repair, listed)
        # The board arrives: reserving again completes the repair's parts.
        self._put(self.board, self.repair_location, 1)
        repair.action_aftersales_reserve_parts()
        self.assertEqual(repair.aftersales_parts_state, "reserved")
        self.assertFalse(repair.aftersales_waiting_since)
        self.assertFalse(claim.parts_waiting)
        # Reserving more than the repair needs is refused.
        pump_move = repair.move_ids.filtered(lambda m: m.product_id == self.pump)
        pump_move.quantity = 3
        with self.assertRaisesRegex(UserError, "more than the 2.0 it needs"):
            repair.action_aftersales_reserve_parts()

    def test_request_parts_makes_the_transfer_and_the_rfq(self):
        claim, repair = self._claim_repair("SN-P4")
        self._add_parts(repair, [(self.pump, 2), (self.board, 1)])
        self._put(self.pump, self.stock_location, 5)
        repair.action_validate()
        self.assertEqual(repair.aftersales_parts_state, "missing")
        repair.with_user(self.warehouse_user).action_aftersales_request_parts()
        transfer = repair.aftersales_picking_ids
        self.assertEqual(transfer.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(
            (transfer.location_id, transfer.location_dest_id),
            (self.stock_location, self.repair_location),
        )
        self.assertEqual(transfer.aftersales_claim_id, claim)
        self.assertEqual(
            {m.product_id: m.product_uom_qty for m in transfer.move_ids},
            {self.pump: 2, self.board: 1},
        )
        order = repair.aftersales_purchase_ids
        self.assertEqual(order.partner_id, self.vendor)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.aftersales_claim_id, claim)
        self.assertEqual(
            [
                (line.product_id, line.product_qty, line.price_unit)
                for line in order.order_line
            ],
            [(self.board, 1, 55.0)],
        )
        # Each stat button of the repair opens its own documents.
        for method, records in (
            ("action_aftersales_view_parts_pickings", transfer),
            ("action_aftersales_view_parts_purchases", order),
        ):
            action = getattr(repair, method)()
            self.assertEqual(action["res_model"], records._name)
            self.assertEqual(action["res_id"], records.id)
        self.assertTrue(claim.date_parts_expected)
        # The board comes in: the transfer brings both parts to the workshop.
        order.button_confirm()
        receipt = order.picking_ids
        receipt.move_ids.quantity = 1
        receipt.move_ids.picked = True
        receipt.button_validate()
        transfer.action_assign()
        transfer.move_ids.picked = True
        transfer.with_user(self.stock_user).button_validate()
        repair.with_user(self.warehouse_user).action_aftersales_reserve_parts()
        self.assertEqual(repair.aftersales_parts_state, "reserved")
        self.assertFalse(claim.parts_waiting)

    def test_request_parts_refusals_write_nothing(self):
        __, repair = self._claim_repair("SN-P5")
        self._add_parts(repair, [(self.pump, 1)])
        repair.action_validate()
        pickings = self.env["stock.picking"].search_count([])
        orders = self.env["purchase.order"].search_count([])
        # No stock and no vendor to buy from.
        with self.assertRaisesRegex(UserError, "no stock is left"):
            repair.with_user(self.warehouse_user).action_aftersales_request_parts()
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings)
        self.assertEqual(self.env["purchase.order"].search_count([]), orders)
        repair.action_repair_cancel()
        with self.assertRaisesRegex(UserError, "the repair is over"):
            repair.with_user(self.warehouse_user).action_aftersales_request_parts()
        with self.assertRaisesRegex(UserError, "the repair is over"):
            repair.with_user(self.warehouse_user).action_aftersales_reserve_parts()

    def test_claim_deadline_at_risk(self):
        claim, repair = self._claim_repair("SN-P6")
        self._add_parts(repair, [(self.board, 1)])
        repair.action_validate()
        self.assertTrue(claim.parts_waiting)
        self.assertFalse(claim.parts_deadline_risk)  # 45 days ahead
        repair.action_aftersales_request_parts()
        self.assertFalse(claim.parts_deadline_risk)
        claim.invalidate_recordset(["date_parts_expected", "parts_deadline_risk"])
        self.board.seller_ids.delay = 60
        repair.aftersales_purchase_ids.order_line.date_planned = (
            fields.Datetime.now() + timedelta(days=60)
        )
        claim.invalidate_recordset(["date_parts_expected", "parts_deadline_risk"])
        self.assertTrue(claim.parts_deadline_risk)

    def test_access(self):
        __, repair = self._claim_repair("SN-P7")
        self.assertFalse(
            self.env["repair.order"]
            .with_user(self.user_company_b)
            .search([("id", "=", repair.id)])
        )
        supplier_claim = self.env["aftersales.supplier.claim"].create(
            {"product_id": self.board.id}
        )
        with self.assertRaises(AccessError):
            supplier_claim.with_user(self.salesman).read(["name"])
        self.assertFalse(
            self.env["aftersales.supplier.claim"]
            .with_user(self.user_company_b)
            .search([])
        )
        with self.assertRaises(AccessError):
            self.env["aftersales.parts.kit"].with_user(self.aftersales_user).create(
                {"name": "Not mine", "failure_code_id": self.code_leak.id}
            )
        self.assertFalse(
            self.env["aftersales.parts.consumption"]
            .with_user(self.user_company_b)
            .search([("repair_id", "=", repair.id)])
        )


@tagged("post_install", "-at_install")
class TestSupplierClaim(PartsCommon):
    def _bought_and_sold(self, serial, months_ago=3):
        """A unit bought from the vendor ``months_ago`` months ago (with a
        supplier warranty of 12 months), then sold and delivered."""
        self.product_serial.seller_ids = [
            Command.create(
                {
                    "partner_id": self.vendor.id,
                    "price": 300.0,
                    "aftersales_warranty_months": 12,
                }
            )
        ]
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_serial.id,
                            "product_qty": 1,
                            "price_unit": 310.0,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        receipt.move_ids.move_line_ids.lot_name = serial
        receipt.move_ids.picked = True
        receipt.button_validate()
        receipt.move_ids.move_line_ids.date = fields.Datetime.now() - timedelta(
            days=30 * months_ago
        )
        sale = self._sell([(self.product_serial, 1)])
        self._deliver(sale.picking_ids)
        claim = (
            self.env["aftersales.claim"]
            .with_user(self.aftersales_user)
            .create({"serial": serial})
        )
        claim.action_receive()
        return claim

    def test_supplier_claim_to_the_vendor_credit_note(self):
        claim = self._bought_and_sold("SN-SUP1")
        self.assertTrue(claim.supplier_recovery_possible)
        action = claim.action_open_supplier_claim()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.aftersales_user)
            .with_context(**action["context"])
        )
        supplier_claim = form.save()
        self.assertEqual(supplier_claim.partner_id, self.vendor)
        self.assertEqual(supplier_claim.lot_id, claim.lot_id)
        self.assertEqual(supplier_claim.amount_expected, 310.0)
        self.assertFalse(supplier_claim.outside_terms)
        supplier_claim.action_send()
        self.assertEqual(supplier_claim.state, "sent")
        back = supplier_claim.picking_id
        self.assertEqual(back.location_id, self.repair_location)
        self.assertEqual(
            back.location_dest_id, self.env.ref("stock.stock_location_suppliers")
        )
        self.assertEqual(back.move_line_ids.lot_id, claim.lot_id)
        supplier_claim.action_accept()
        note = supplier_claim.credit_note_id.sudo()
        self.assertEqual((note.move_type, note.state), ("in_refund", "draft"))
        self.assertEqual(note.partner_id, self.vendor)
        self.assertEqual(note.amount_untaxed, 310.0)
        supplier_claim.action_credit()
        self.assertEqual(note.state, "posted")
        self.assertEqual(supplier_claim.state, "credited")
        self.assertEqual(supplier_claim.amount_recovered, note.amount_total)
        self.assertEqual(claim.supplier_recovered_amount, note.amount_total)
        self.assertEqual(claim.supplier_claim_count, 1)
        with self.assertRaisesRegex(UserError, "it is credited"):
            supplier_claim.action_credit()

    def test_outside_the_supplier_terms_only_for_managers(self):
        claim = self._bought_and_sold("SN-SUP2", months_ago=14)
        self.assertFalse(claim.supplier_recovery_possible)
        claims = self.env["aftersales.supplier.claim"]
        values = {
            "claim_id": claim.id,
            "product_id": self.product_serial.id,
            "lot_id": claim.lot_id.id,
        }
        for refused in (values, {"product_id": self.pump.id}):
            # (assertRaises rolls back what the refused call wrote.)
            with self.assertRaises(UserError) as caught:
                claims.with_user(self.aftersales_user).create(refused)
            self.assertIn("only an after-sales administrator", str(caught.exception))
        self.assertFalse(claims.search([("claim_id", "=", claim.id)]))
        flagged = claims.with_user(self.aftersales_manager).create(values)
        self.assertTrue(flagged.outside_terms)
        flagged.action_send()
        self.assertEqual(flagged.state, "sent")
        flagged.action_refuse()
        self.assertEqual(flagged.state, "refused")


@tagged("post_install", "-at_install")
class TestPartsQueries(PartsCommon):
    def _repairs(self, count, finish=False):
        """``count`` confirmed repairs of an untracked unit, each missing a
        board (or, with ``finish``, done with one pump used)."""
        product = self.product_untracked
        self._put(product, self.stock_location, count)
        if finish:
            self._put(self.pump, self.stock_location, count)
        repairs = self.env["repair.order"].create(
            [
                {
                    "product_id": product.id,
                    "move_ids": [
                        Command.create(
                            {
                                "repair_line_type": "add",
                                "product_id": (self.pump if finish else self.board).id,
                                "product_uom_qty": 1,
                            }
                        )
                    ],
                }
                for _i in range(count)
            ]
        )
        repairs._action_repair_confirm()
        if finish:
            repairs.action_repair_start()
            repairs.move_ids.picked = True
            repairs.action_repair_end()
        return repairs

    def _count(self, read):
        for _warm in range(2):  # the record and the ormcache caches
            read()
            self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        read()
        self.env.invalidate_all()
        return self.env.cr.sql_log_count - before

    def test_waiting_list_queries_do_not_grow(self):
        view = self.env.ref("aftersales_service.repair_order_view_list_waiting_parts")
        list_fields = list(
            self.env["repair.order"].get_views([(view.id, "list")])["models"][
                "repair.order"
            ]["fields"]
        )
        repairs = self.env["repair.order"].with_user(self.warehouse_user)
        domain = [("aftersales_parts_state", "in", ("partial", "missing"))]
        counts = []
        for size in (10, 90):
            self._repairs(size)
            counts.append(self._count(lambda: repairs.search_read(domain, list_fields)))
        self.assertEqual(len(repairs.search(domain)), 100)
        self.assertEqual(counts[0], counts[1])

    def test_consumption_analysis_queries_do_not_grow(self):
        # Costs are a manager's figures.
        analysis = self.env["aftersales.parts.consumption"].with_user(
            self.aftersales_manager
        )
        counts = []
        for size in (10, 90):
            self._repairs(size, finish=True)
            counts.append(
                self._count(
                    lambda: analysis.read_group(
                        [],
                        ["quantity:sum", "warranty_cost:sum"],
                        ["part_id", "date:month"],
                    )
                )
            )
        groups = analysis.read_group([], ["quantity:sum"], ["part_id"])
        self.assertEqual(groups[0]["quantity"], 100)
        self.assertEqual(counts[0], counts[1])
