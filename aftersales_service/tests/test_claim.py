# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesWarrantyCommon


@tagged("post_install", "-at_install")
class TestClaim(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claims = cls.env["aftersales.claim"].with_user(cls.aftersales_user)

    def _delivered_unit(self, serial, partner=None):
        """Sell and deliver one unit; return its warranty."""
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)], partner=partner)
        self._deliver(order.picking_ids)
        return self._warranties(order)

    def _claim(self, serial, **values):
        return self.claims.create({"serial": serial, **values})

    def test_claim_finds_unit_warranty_and_customer(self):
        warranty = self._delivered_unit("SN-K1")
        form = Form(self.claims)
        form.serial = "SN-K1"
        self.assertEqual(form.product_id, self.product_serial)
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.warranty_id, warranty)
        self.assertEqual(form.coverage, "in_warranty")
        claim = form.save()
        self.assertTrue(claim.name.startswith("CLM/"))
        self.assertEqual(claim.lot_id, warranty.lot_id)
        self.assertEqual(claim.legal_profile_id, self.profile_ru)
        # The price the customer paid, taxes included.
        line = warranty.sale_line_id
        self.assertEqual(claim.unit_price, line.price_total / line.product_uom_qty)

    def test_coverage_of_each_warranty_state(self):
        active = self._delivered_unit("SN-K2")
        expired = self._delivered_unit("SN-K3")
        expired.date_start = date.today() - relativedelta(years=3)
        self.assertEqual(expired.state, "expired")
        self.assertEqual(self._claim("SN-K2").coverage, "in_warranty")
        self.assertEqual(self._claim("SN-K3").coverage, "out_of_warranty")
        active.action_void()
        with self.assertRaises(UserError) as refused:
            self._claim("SN-K2")
        self.assertIn("void", str(refused.exception))
        claim = (
            self.env["aftersales.claim"]
            .with_user(self.aftersales_manager)
            .create({"serial": "SN-K2"})
        )
        self.assertEqual(claim.coverage, "void")  # a manager may, with a note
        self.assertIn("void", claim.message_ids[0].body)

    def test_refused_claims_write_nothing(self):
        never_sold = self.env["product.product"].create(
            {"name": "Dryer (test)", "is_storable": True, "tracking": "serial"}
        )
        self._stock(never_sold, serials=["SN-NEVER-SOLD"])
        before = self.env["aftersales.claim"].search_count([])
        for serial in ("SN-UNKNOWN", "SN-NEVER-SOLD"):
            with self.subTest(serial=serial), self.assertRaises(UserError):
                self._claim(serial)
        other = self.env["res.partner"].create({"name": "Someone else"})
        self._delivered_unit("SN-K4", partner=other)
        with self.assertRaises(UserError) as refused:
            self._claim("SN-K4", partner_id=self.customer.id)
        self.assertIn("belongs to", str(refused.exception))
        self.assertEqual(self.env["aftersales.claim"].search_count([]), before)
        manager_claim = (
            self.env["aftersales.claim"]
            .with_user(self.aftersales_manager)
            .create({"serial": "SN-K4", "partner_id": self.customer.id})
        )
        self.assertIn("belongs to", manager_claim.message_ids[0].body)

    def test_receive_starts_the_legal_deadline(self):
        warranty = self._delivered_unit("SN-K5")
        claim = self._claim("SN-K5")
        self.assertFalse(claim.date_deadline)
        claim.action_receive()
        self.assertEqual(claim.state, "received")
        receipt = claim.picking_ids
        self.assertEqual((receipt.state, receipt.aftersales_leg), ("done", "receipt"))
        self.assertEqual(receipt.move_line_ids.lot_id, warranty.lot_id)
        self.assertEqual(
            claim.date_deadline, fields.Date.context_today(claim) + timedelta(days=45)
        )
        # Receiving the item for a claim does not void its warranty.
        self.assertEqual(warranty.state, "active")
        with self.assertRaises(UserError):
            claim.serial = "SN-OTHER"
        with self.assertRaises(UserError):
            claim.action_receive()
        with self.assertRaises(UserError):
            claim.unlink()

    def test_deadlines_per_profile_and_type(self):
        self._delivered_unit("SN-K6")
        today = fields.Date.context_today(self.claims)
        cases = [
            (self.profile_ru, "repair", False, 45),
            (self.profile_ru, "replacement", False, 7),
            (self.profile_ru, "replacement", True, 20),
            (self.profile_ru, "refund", False, 10),
            (self.profile_eu, "repair", False, 30),  # the company's target
            (self.profile_us, "repair", False, 30),
        ]
        claim = self._claim("SN-K6")
        claim.action_receive()
        for profile, claim_type, check, days in cases:
            with self.subTest(profile=profile.code, claim_type=claim_type):
                claim.write(
                    {
                        "legal_profile_id": profile.id,
                        "claim_type": claim_type,
                        "quality_check": check,
                    }
                )
                self.assertEqual(claim.date_deadline, today + timedelta(days=days))
        claim.loaner_requested = True
        claim.legal_profile_id = self.profile_ru
        claim.date_loaner_requested = today
        self.assertEqual(claim.date_loaner_due, today + timedelta(days=3))
        self.category.aftersales_loaner_excluded = True
        self.assertFalse(claim.date_loaner_due)

    def test_late_claim_and_penalty(self):
        self._delivered_unit("SN-K7")
        claim = self._claim("SN-K7")
        claim.action_receive()
        deadline = claim.date_deadline
        with freeze_time(deadline + timedelta(days=4)):
            claim.invalidate_recordset(["is_late", "days_late", "penalty_amount"])
            self.assertTrue(claim.is_late)
            self.assertEqual(claim.days_late, 4)
            # RU: 1% of the unit's price per day late.
            self.assertAlmostEqual(claim.penalty_amount, claim.unit_price * 0.01 * 4)
            late = self.claims.search([("is_late", "=", True)])
            self.assertIn(claim, late)
            self.assertNotIn(claim, self.claims.search([("is_late", "=", False)]))

    def _add_part(self, repair):
        repair.move_ids = [
            (
                0,
                0,
                {
                    "product_id": self.product_untracked.id,
                    "product_uom_qty": 1,
                    "repair_line_type": "add",
                },
            )
        ]

    def _finish_repair(self, claim):
        repair = claim.repair_ids.sudo()
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")

    def test_repair_flow_extends_the_warranty(self):
        warranty = self._delivered_unit("SN-K8")
        # Delivered a month ago: the claim of six days ago is covered.
        warranty.date_start = date.today() - timedelta(days=30)
        end_before = warranty.date_end
        claim = self._claim("SN-K8", date_claim=date.today() - timedelta(days=6))
        claim.action_receive()
        claim.action_start_diagnosis()
        claim.action_create_repair()
        self.assertEqual(claim.state, "in_repair")
        self.assertTrue(claim.repair_ids.under_warranty)
        with self.assertRaises(UserError):
            claim.action_ready()
        with self.assertRaises(UserError):
            claim.action_done()  # an open repair
        self._finish_repair(claim)
        claim.action_ready()
        claim.action_return()
        self.assertEqual((claim.state, claim.resolution), ("done", "repaired"))
        legs = claim.picking_ids.mapped("aftersales_leg")
        self.assertEqual(sorted(legs), ["receipt", "return"])
        # RU: extended by the days from the claim to the return.
        self.assertEqual(warranty.extension_days, 6)
        self.assertEqual(warranty.date_end, end_before + timedelta(days=6))
        # The item going back gets no second warranty.
        self.assertEqual(
            self.env["aftersales.warranty"].search_count([("serial", "=", "SN-K8")]), 1
        )
        with self.assertRaises(UserError):
            claim.action_return()

    def test_eu_fixed_extension_after_repair(self):
        warranty = self._delivered_unit("SN-K9")
        end_before = warranty.date_end
        claim = self._claim("SN-K9")
        claim.legal_profile_id = self.profile_eu
        claim.action_receive()
        claim.action_create_repair()
        self._finish_repair(claim)
        claim.action_ready()
        claim.action_return()
        self.assertEqual(warranty.date_end, end_before + relativedelta(months=12))

    def test_replacement_delivers_a_new_unit_with_its_own_warranty(self):
        old = self._delivered_unit("SN-R1")
        new_lot = self._stock(self.product_serial, serials=["SN-R2"])
        claim = self._claim("SN-R1", claim_type="replacement")
        claim.action_receive()
        claim.replacement_lot_id = new_lot
        claim.action_replace()
        self.assertEqual((claim.state, claim.resolution), ("done", "replaced"))
        self.assertEqual(old.state, "void")
        new = self.env["aftersales.warranty"].search([("serial", "=", "SN-R2")])
        self.assertEqual(new.state, "active")
        self.assertEqual(new.partner_id, self.customer)
        self.assertEqual(new.date_start, fields.Date.context_today(new))

    def test_refund_by_credit_note(self):
        self._stock(self.product_serial, serials=["SN-F1"])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        invoice = order._create_invoices()
        invoice.action_post()
        claim = self._claim("SN-F1", claim_type="price_reduction", refund_amount=1000)
        with self.assertRaises(UserError) as refused:
            claim.action_refund()
        self.assertIn("exceed", str(refused.exception))
        self.assertFalse(claim.invoice_count)
        claim.refund_amount = 100
        claim.action_refund()
        self.assertEqual((claim.state, claim.resolution), ("done", "price_reduced"))
        self.assertEqual(claim.invoice_count, 1)
        credit_note = claim.sudo().invoice_ids
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertAlmostEqual(credit_note.amount_total, 100.0, places=2)
        self.assertEqual(credit_note.reversed_entry_id, invoice)

    def test_reject_with_reason(self):
        self._delivered_unit("SN-J1")
        claim = self._claim("SN-J1")
        claim.action_receive()
        action = claim.action_open_reject()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.aftersales_user)
            .with_context(**action["context"])
        )
        wizard.reason = "Damage from a fall"
        wizard.save().action_reject()
        self.assertEqual((claim.state, claim.resolution), ("rejected", "rejected"))
        self.assertEqual(claim.rejection_reason, "Damage from a fall")
        with self.assertRaises(UserError):
            claim.action_cancel()

    def test_cancel_and_delete(self):
        self._delivered_unit("SN-J2")
        claim = self._claim("SN-J2")
        claim.action_cancel()
        claim.action_reset()
        self.assertEqual(claim.state, "new")
        claim.with_user(self.aftersales_manager).unlink()
        self.assertFalse(claim.exists())

    def test_ticket_to_claim(self):
        self._delivered_unit("SN-T1")
        helpdesk_user = new_test_user(
            self.env,
            login="as_helpdesk",
            groups="helpdesk_mgmt.group_helpdesk_user,"
            "aftersales_service.group_aftersales_user",
        )
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(helpdesk_user)
            .create(
                {
                    "name": "My washer leaks",
                    "description": "<p>Water under the washer</p>",
                    "partner_id": self.customer.id,
                    "aftersales_serial": "SN-T1",
                }
            )
        )
        action = ticket.action_create_aftersales_claim()
        claim = self.env["aftersales.claim"].browse(action["res_id"])
        self.assertEqual(claim.ticket_id, ticket)
        self.assertEqual(claim.partner_id, self.customer)
        self.assertIn("Water under the washer", claim.symptom)
        self.assertEqual(ticket.aftersales_claim_count, 1)

    def test_access(self):
        self._delivered_unit("SN-A1")
        claim = self._claim("SN-A1")
        self.assertFalse(
            self.env["aftersales.claim"].with_user(self.user_company_b).search([])
        )
        with self.assertRaises(AccessError):
            claim.with_user(self.employee).read(["name"])
        with self.assertRaises(AccessError):
            claim.with_user(self.salesman).read(["name"])

    def test_query_counts(self):
        """Creating a claim from a serial and listing claims cost a fixed
        number of queries."""
        self._delivered_unit("SN-Q1")
        self._delivered_unit("SN-Q2")
        self._claim("SN-Q1")  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=40):
            self._claim("SN-Q2")
        list_fields = list(
            self.env["aftersales.claim"].get_views([(False, "list")])["models"][
                "aftersales.claim"
            ]["fields"]
        )
        counts = []
        for size in range(2):
            for _warm in range(2):  # the record and the ormcache caches
                self.claims.search_read([], list_fields)
                self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.claims.search_read([], list_fields)
            counts.append(self.env.cr.sql_log_count - before)
            for serial in (f"SN-Q{size}A", f"SN-Q{size}B", f"SN-Q{size}C"):
                self._delivered_unit(serial)
                self._claim(serial)
        self.assertEqual(counts[0], counts[1])

    def test_deadline_cron_schedules_activities_once(self):
        for serial in ("SN-C1", "SN-C2"):
            self._delivered_unit(serial)
            self._claim(serial).action_receive()
        claims = self.env["aftersales.claim"].search(
            [("serial", "in", ("SN-C1", "SN-C2"))]
        )
        with freeze_time(claims[0].date_deadline - timedelta(days=1)):
            created = self.env["aftersales.claim"]._cron_deadlines()
            self.assertEqual(created, 2)
            self.assertEqual(self.env["aftersales.claim"]._cron_deadlines(), 0)
        self.assertEqual(len(claims.activity_ids), 2)

    def test_paid_repair_quotation_belongs_to_the_claim(self):
        warranty = self._delivered_unit("SN-P1")
        warranty.date_start = date.today() - relativedelta(years=3)
        claim = self._claim("SN-P1")
        self.assertEqual(claim.coverage, "out_of_warranty")
        claim.action_receive()
        claim.action_create_repair()
        repair = claim.repair_ids.sudo()
        self.assertFalse(repair.under_warranty)
        self._add_part(repair)
        repair.action_create_sale_order()
        self.assertEqual(claim.sale_order_ids, repair.sale_order_id)
        self.assertEqual(claim.sale_order_count, 1)

    def test_deadline_cron_queries_are_bounded(self):
        counts = []
        for size in (2, 5):
            serials = [f"SN-B{size}-{i}" for i in range(size)]
            for serial in serials:
                self._delivered_unit(serial)
                self._claim(serial).action_receive()
            claims = self.env["aftersales.claim"].search([("serial", "in", serials)])
            with freeze_time(claims[0].date_deadline):
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                self.assertEqual(self.env["aftersales.claim"]._cron_deadlines(), size)
                self.env.flush_all()
                counts.append(self.env.cr.sql_log_count - before)
        self.assertLessEqual(counts[1], counts[0] + 2)

    def test_state_change_near_the_deadline_schedules_the_activity(self):
        self._delivered_unit("SN-C3")
        claim = self._claim("SN-C3", claim_type="refund")
        with freeze_time(claim.date_deadline - timedelta(days=1)):
            claim.action_receive()
        self.assertEqual(claim.activity_ids.summary, "Legal deadline")
        self.assertEqual(claim.activity_ids.user_id, self.aftersales_user)

    def test_receipt_from_the_service_point(self):
        self._delivered_unit("SN-D1")
        dealer = self.env["res.partner"].create({"name": "Service point (test)"})
        claim = self._claim("SN-D1", dealer_id=dealer.id)
        claim.action_receive()
        self.assertEqual(claim.picking_ids.partner_id, dealer)

    def test_partial_terms_discount_the_repair_quotation(self):
        self.policy_24.write({"parts_coverage": 80, "labour_coverage": 50})
        self._delivered_unit("SN-P2")
        claim = self._claim("SN-P2")
        claim.action_receive()
        claim.action_create_repair()
        repair = claim.repair_ids.sudo()
        self.assertFalse(repair.under_warranty)
        self._add_part(repair)
        repair.action_create_sale_order()
        self.assertEqual(repair.sale_order_id.aftersales_claim_id, claim)
        self.assertEqual(repair.sale_order_id.order_line.discount, 80)

    def test_claim_without_serial(self):
        """An untracked product has no serial: the claim names the product."""
        claim = self.claims.create(
            {"partner_id": self.customer.id, "product_id": self.product_untracked.id}
        )
        self.assertFalse(claim.warranty_id)
        self.assertFalse(claim.lot_id)
        self.assertEqual(claim.coverage, "no_warranty")
        claim.action_receive()
        self.assertEqual(claim.picking_ids.state, "done")
