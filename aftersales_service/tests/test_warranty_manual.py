# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import AftersalesWarrantyCommon


@tagged("post_install", "-at_install")
class TestWarrantyManual(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._stock(cls.product_serial, serials=["SN-M1"])
        cls.warranties = cls.env["aftersales.warranty"].with_user(cls.aftersales_user)

    def _register(self, **values):
        return self.warranties.create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product_serial.id,
                "policy_id": self.policy_24.id,
                **values,
            }
        )

    def _count(self):
        return self.env["aftersales.warranty"].search_count([])

    def test_register_by_serial_in_the_form(self):
        form = Form(self.warranties)
        form.product_id = self.product_serial
        form.serial = "SN-M1"
        form.partner_id = self.customer
        form.policy_id = self.policy_24
        form.date_start = fields.Date.today() - relativedelta(months=3)
        warranty = form.save()
        self.assertEqual(warranty.lot_id, self.lot)
        self.assertEqual(warranty.state, "active")
        self.assertEqual(
            warranty.date_end, warranty.date_start + relativedelta(months=24)
        )

    def test_old_unit_registers_as_expired(self):
        warranty = self._register(
            serial="SN-M1", date_start=fields.Date.today() - relativedelta(years=3)
        )
        self.assertEqual(warranty.state, "expired")

    def test_bad_input_is_refused_and_writes_nothing(self):
        other_product = self.env["product.product"].create(
            {"name": "Dryer (test)", "is_storable": True, "tracking": "serial"}
        )
        other = self._stock(other_product, serials=["SN-OTHER"])
        before = self._count()
        cases = [
            ({"serial": "NO-SUCH-SERIAL"}, UserError, "Unknown serial number"),
            ({"serial": "SN-OTHER"}, UserError, other.product_id.name),
            ({"lot_id": other.id}, ValidationError, "belongs to"),
        ]
        for values, error, message in cases:
            with self.subTest(values=values), self.assertRaises(error) as refused:
                self._register(**values)
            self.assertIn(message, str(refused.exception))
        self.assertEqual(self._count(), before)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._register(
                serial="SN-M1", date_start="2026-05-01", date_end="2026-04-01"
            )
        self.assertEqual(self._count(), before)

    def test_same_unit_twice_is_refused(self):
        self._register(serial="SN-M1")
        before = self._count()
        with self.assertRaises(ValidationError) as refused:
            self._register(serial="SN-M1")
        self.assertIn("already under an active", str(refused.exception))
        self.assertEqual(self._count(), before)
        # Another type of warranty on the same unit is fine.
        self._register(serial="SN-M1", policy_id=self.policy_extended.id)

    @mute_logger("odoo.sql_db")
    def test_database_refuses_a_second_active_warranty(self):
        """Two sessions registering the same unit at once: the check of each
        sees no other, the partial unique index refuses the second."""
        first = self._register(serial="SN-M1")
        first.flush_recordset()
        with self.assertRaises(IntegrityError):
            self.env.cr.execute(
                "INSERT INTO aftersales_warranty (partner_id, product_id, lot_id,"
                " policy_id, warranty_type, tracking, state, date_start, company_id,"
                " quantity) SELECT partner_id, product_id, lot_id, policy_id,"
                " warranty_type, tracking, 'active', date_start, company_id, 1"
                " FROM aftersales_warranty WHERE id = %s",
                [first.id],
            )

    def test_bad_terms_are_refused(self):
        policies = self.env["aftersales.warranty.policy"].with_user(
            self.aftersales_manager
        )
        for values in ({"duration": 0}, {"duration": -3}, {"parts_coverage": 120}):
            with (
                self.subTest(values=values),
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
            ):
                policies.create({"name": "Bad", **values})
        with self.assertRaises(ValidationError):
            self.product_serial.aftersales_extended_policy_id = self.policy_extended

    def test_void_and_reactivate(self):
        warranty = self._register(serial="SN-M1")
        warranty.action_void()
        self.assertEqual(warranty.state, "void")
        with self.assertRaises(UserError):
            warranty.action_void()
        warranty.with_user(self.aftersales_manager).action_reactivate()
        self.assertEqual(warranty.state, "active")

    def test_import_by_serial(self):
        self._stock(self.product_serial, serials=["SN-M3"])
        fields_ = ["product_id", "serial", "partner_id", "policy_id", "date_start"]
        product, partner, policy = (
            self.product_serial.display_name,
            self.customer.name,
            self.policy_24.name,
        )
        result = self.warranties.load(
            fields_,
            [
                [product, "SN-M1", partner, policy, "2026-01-15"],
                [product, "SN-M3", partner, policy, "2026-02-01"],
            ],
        )
        self.assertFalse(result["messages"])
        imported = self.env["aftersales.warranty"].browse(result["ids"])
        self.assertEqual(imported.mapped("serial"), ["SN-M1", "SN-M3"])
        self.assertEqual(imported[0].lot_id, self.lot)
        before = self._count()
        refused = self.warranties.load(
            fields_, [[product, "NO-SUCH", partner, policy, "2026-01-15"]]
        )
        self.assertFalse(refused["ids"])
        self.assertIn("Unknown serial number", refused["messages"][0]["message"])
        self.assertEqual(self._count(), before)

    def test_warranty_check(self):
        self._register(serial="SN-M1")
        result = self.warranties.check_serial("SN-M1")
        self.assertEqual(result["coverage"], "in_warranty")
        self.assertEqual(result["policy"], self.policy_24.name)
        self.assertTrue(result["known"])
        self.assertEqual(len(result["layers"]), 1)
        unknown = self.warranties.check_serial("NOPE")
        self.assertEqual(
            (unknown["coverage"], unknown["known"]), ("no_warranty", False)
        )
        self._stock(self.product_serial, serials=["SN-M2"])
        bare = self.warranties.check_serial("SN-M2")
        self.assertEqual((bare["coverage"], bare["known"]), ("no_warranty", True))
        check = Form(self.env["aftersales.warranty.check"].with_user(self.salesman))
        check.serial = "SN-M1"
        self.assertEqual(check.coverage, "in_warranty")
        self.assertEqual(check.policy_id, self.policy_24)

    def test_warehouse_staff_check_a_unit(self):
        self._register(serial="SN-M1")
        check = Form(self.env["aftersales.warranty.check"].with_user(self.stock_user))
        check.serial = "SN-M1"
        self.assertEqual(check.coverage, "in_warranty")
        self.assertEqual(check.date_end, check.date_start + relativedelta(months=24))
