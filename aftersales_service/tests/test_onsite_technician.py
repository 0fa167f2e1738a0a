# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import AftersalesRpcMixin
from .onsite_field_common import MONDAY, OnsiteFieldCommon

NINE = MONDAY.replace(hour=9)


class VanCommon(OnsiteFieldCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.van = cls.tech.aftersales_van_location_id
        cls.van_2 = cls.tech_2.aftersales_van_location_id
        quants = cls.env["stock.quant"]
        for van in cls.van | cls.van_2:
            quants._update_available_quantity(cls.product_untracked, van, 5.0)
        cls.spare_serial = cls.env["stock.lot"].create(
            {
                "name": "SPARE-1",
                "product_id": cls.product_serial.id,
                "company_id": cls.company.id,
            }
        )
        quants._update_available_quantity(
            cls.product_serial, cls.van, 1.0, lot_id=cls.spare_serial
        )
        cls.visit = cls._visit(NINE, person=cls.tech)
        cls.visit_2 = cls._visit(NINE, person=cls.tech_2)

    def _in_van(self, product, van):
        return self.env["stock.quant"]._get_available_quantity(product, van)


@tagged("post_install", "-at_install")
class TestOnsiteVanStock(VanCommon):
    def test_parts_used_leave_the_van_as_done_moves(self):
        visit = self.visit.with_user(self.tech_user)
        parts = self.env["aftersales.visit.part"].with_user(self.tech_user)
        parts.create(
            [
                {
                    "order_id": visit.id,
                    "product_id": self.product_untracked.id,
                    "quantity": 2.0,
                },
                {
                    "order_id": visit.id,
                    "product_id": self.product_serial.id,
                    "lot_id": self.spare_serial.id,
                },
            ]
        )
        self.assertEqual(visit.aftersales_part_ids.location_id, self.van)
        visit.action_aftersales_use_parts()
        used = self.visit.aftersales_part_ids
        self.assertEqual(set(used.mapped("state")), {"done"})
        moves = used.move_id
        self.assertEqual(len(moves), 2)
        self.assertEqual(set(moves.mapped("state")), {"done"})
        self.assertEqual(moves.location_id, self.van)
        self.assertEqual(
            moves.location_dest_id, self.env.ref("stock.stock_location_customers")
        )
        self.assertEqual(moves.fsm_order_id, self.visit)
        self.assertEqual(
            moves.filtered(lambda m: m.product_id == self.product_untracked).quantity,
            2.0,
        )
        self.assertEqual(moves.move_line_ids.lot_id, self.spare_serial)
        self.assertEqual(self._in_van(self.product_untracked, self.van), 3.0)
        self.assertEqual(self._in_van(self.product_serial, self.van), 0.0)
        self.assertEqual(self._in_van(self.product_untracked, self.van_2), 5.0)
        with self.assertRefused(UserError, "already used"):
            used[0].with_user(self.tech_user).quantity = 1.0
        with self.assertRefused(UserError, "no part to use"):
            visit.action_aftersales_use_parts()

    def test_parts_from_another_technicians_van_are_refused(self):
        parts = self.env["aftersales.visit.part"].with_user(self.tech_user)
        with self.assertRefused(ValidationError, "parts come from their own van"):
            parts.create(
                {
                    "order_id": self.visit.id,
                    "product_id": self.product_untracked.id,
                    "location_id": self.van_2.id,
                }
            )
        self.assertFalse(self.visit.aftersales_part_ids, "nothing written")
        part = parts.create(
            {"order_id": self.visit.id, "product_id": self.product_untracked.id}
        )
        with self.assertRefused(ValidationError, "parts come from their own van"):
            part.location_id = self.van_2
        self.assertEqual(part.location_id, self.van)
        self.assertEqual(self._in_van(self.product_untracked, self.van_2), 5.0)

    def test_more_than_the_van_holds_is_refused(self):
        visit = self.visit.with_user(self.tech_user)
        self.env["aftersales.visit.part"].with_user(self.tech_user).create(
            [
                {
                    "order_id": visit.id,
                    "product_id": self.product_untracked.id,
                    "quantity": 4.0,
                },
                {
                    "order_id": visit.id,
                    "product_id": self.product_untracked.id,
                    "quantity": 2.0,
                },
            ]
        )
        moves = self.env["stock.move"].search_count([])
        with self.assertRefused(UserError, "holds 5.0"):
            visit.action_aftersales_use_parts()
        self.assertEqual(self.env["stock.move"].search_count([]), moves)
        self.assertEqual(set(visit.aftersales_part_ids.mapped("state")), {"draft"})
        self.assertEqual(self._in_van(self.product_untracked, self.van), 5.0)

    def test_technician_reads_the_serial_of_a_part(self):
        part = self.env["aftersales.visit.part"].create(
            {
                "order_id": self.visit.id,
                "product_id": self.product_serial.id,
                "lot_id": self.spare_serial.id,
            }
        )
        rows = part.with_user(self.tech_user).web_read(
            {"lot_id": {"fields": {"display_name": {}}}, "location_id": {}}
        )
        self.assertEqual(rows[0]["lot_id"]["display_name"], "SPARE-1")

    def test_a_van_belongs_to_one_technician(self):
        with self.assertRefused(ValidationError, "another technician"):
            self.tech_2.aftersales_van_location_id = self.van

    def test_start_stop_and_checklist(self):
        template = self.env["aftersales.visit.checklist.template"].create(
            {
                "name": "Repair checks (test)",
                "visit_type": "repair",
                "line_ids": [
                    (0, 0, {"name": "Pressure", "kind": "reading", "uom": "bar"}),
                    (0, 0, {"name": "Photo of the label", "kind": "photo"}),
                ],
            }
        )
        self.env["aftersales.visit.checklist.template"].create(
            {
                "name": "Commissioning checks (test)",
                "visit_type": "commissioning",
                "line_ids": [(0, 0, {"name": "Earth tested"})],
            }
        )
        self.visit.aftersales_visit_type = "repair"
        visit = self.visit.with_user(self.tech_user)
        with self.assertRefused(UserError, "has not started"):
            visit.action_aftersales_stop()
        visit.action_aftersales_start()
        self.assertTrue(visit.date_start)
        self.assertEqual(
            visit.aftersales_checklist_ids.mapped("name"),
            template.line_ids.mapped("name"),
        )
        visit.aftersales_checklist_ids[0].write({"reading": "1.5", "done": True})
        with self.assertRefused(UserError, "already started"):
            visit.action_aftersales_start()
        self.assertEqual(len(visit.aftersales_checklist_ids), 2)
        visit.action_aftersales_stop()
        self.assertGreaterEqual(visit.date_end, visit.date_start)
        visit.date_start = visit.date_end - timedelta(minutes=90)
        self.assertEqual(visit.duration, 1.5)


@tagged("post_install", "-at_install")
class TestOnsiteUnitHistory(OnsiteFieldCommon):
    def test_technician_reads_the_units_history(self):
        self._stock(self.product_serial, serials=["SN-HIST-1"])
        self._deliver(self._sell([(self.product_serial, 1)]).picking_ids)
        unit = self.env["stock.lot"].search([("name", "=", "SN-HIST-1")])
        warranty = self.env["aftersales.warranty"].search([("lot_id", "=", unit.id)])
        self.assertTrue(warranty)
        claim = self.env["aftersales.claim"].create(
            {"serial": "SN-HIST-1", "symptom": "Does not heat"}
        )
        earlier = self._visit(NINE - timedelta(days=60), person=self.tech_2)
        earlier.aftersales_lot_ids = unit
        visit = self._visit(NINE, person=self.tech, aftersales_lot_ids=unit.ids)
        history = visit.with_user(self.tech_user).aftersales_unit_history
        for text in ("SN-HIST-1", warranty.display_name, claim.name, earlier.name):
            self.assertIn(text, history)
        self.assertNotIn(visit.name + ",", history, "not the visit itself")
        # The technician reads the history, not the claims themselves.
        with self.assertRaises(AccessError):
            claim.with_user(self.tech_user).read(["name"])


@tagged("post_install", "-at_install")
class TestOnsiteTechnicianAccess(VanCommon):
    def test_technician_sees_and_changes_own_visits_only(self):
        orders = self.env["fsm.order"].with_user(self.tech_user)
        self.assertEqual(orders.search([]), self.visit)
        other = self.visit_2.with_user(self.tech_user)
        with self.assertRaises(AccessError):
            other.read(["name"])
        with self.assertRaises(AccessError):
            other.write({"sequence": 99})
        with self.assertRaises(AccessError):
            other.action_aftersales_start()
        with self.assertRaises(AccessError):
            self.env["aftersales.visit.part"].with_user(self.tech_user).create(
                {"order_id": self.visit_2.id, "product_id": self.product_untracked.id}
            )
        self.assertEqual(self.visit_2.sequence, 10)
        self.assertFalse(self.visit_2.date_start or self.visit_2.aftersales_part_ids)
        # Another company's after-sales user sees neither the visits nor
        # their parts and checks.
        part = self.env["aftersales.visit.part"].create(
            {"order_id": self.visit.id, "product_id": self.product_untracked.id}
        )
        check = self.env["aftersales.visit.checklist"].create(
            {"order_id": self.visit.id, "name": "Earth tested"}
        )
        for record in (self.visit, part, check):
            with self.assertRaises(AccessError):
                record.with_user(self.user_company_b).read(["id"])
        # The planner sees both.
        planner_orders = self.env["fsm.order"].with_user(self.planner)
        self.assertEqual(planner_orders.search([]), self.visit | self.visit_2)


@tagged("post_install", "-at_install")
class TestOnsiteTechnicianRpc(AftersalesRpcMixin, VanCommon, HttpCase):
    def test_technician_over_json_rpc(self):
        self.authenticate("as_tech_1", "as_tech_1")
        found = self.call_kw(
            "fsm.order", "search_read", [], fields=["name", "person_id"]
        )
        self.assertEqual([row["id"] for row in found], self.visit.ids)
        refused = self.assertRpcRefused(
            "fsm.order", "write", self.visit_2.ids, {"sequence": 99}
        )
        self.assertIn("AccessError", refused)
        self.assertRpcRefused("fsm.order", "web_read", self.visit_2.ids, {"name": {}})
        self.assertRpcRefused("fsm.order", "action_aftersales_start", self.visit_2.ids)
        self.assertRpcRefused(
            "aftersales.visit.part",
            "create",
            {
                "order_id": self.visit.id,
                "product_id": self.product_untracked.id,
                "location_id": self.van_2.id,
            },
        )
        self.env.invalidate_all()
        self.assertEqual(self.visit_2.sequence, 10)
        self.assertFalse(self.visit_2.date_start)
        self.assertFalse(self.visit.aftersales_part_ids)
        # Their own visit they work on.
        self.call_kw("fsm.order", "write", self.visit.ids, {"sequence": 2})
        self.env.invalidate_all()
        self.assertEqual(self.visit.sequence, 2)
