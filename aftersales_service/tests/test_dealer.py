# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import Request
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import AftersalesWarrantyCommon


class DealerCommon(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer = cls.env["res.partner"].create(
            {
                "name": "Dealer North (test)",
                "is_company": True,
                "email": "north@example.com",
            }
        )
        cls.dealer_b = cls.env["res.partner"].create(
            {"name": "Dealer South (test)", "is_company": True}
        )
        operations = cls.env["aftersales.labour.operation"]
        cls.op_diag = operations.create(
            {"code": "T-D", "name": "Diagnosis (test)", "hours": 0.5}
        )
        cls.op_pump = operations.create(
            {"code": "T-P", "name": "Pump (test)", "hours": 1.5}
        )
        cls.pump = cls.env["product.product"].create(
            {"name": "Pump part (test)", "is_storable": True, "standard_price": 40}
        )
        cls.contracts = cls.env["aftersales.dealer.contract"].with_user(
            cls.aftersales_manager
        )
        cls.contract = cls.contracts.create(
            {
                "partner_id": cls.dealer.id,
                "date_start": fields.Date.today() - timedelta(days=30),
                "date_end": fields.Date.today() + timedelta(days=335),
                "product_categ_ids": [Command.set(cls.category.ids)],
                "claim_type_ids": [
                    Command.set(
                        cls.env["aftersales.claim.type"]
                        .search([("code", "in", ("repair", "replacement"))])
                        .ids
                    )
                ],
                "labour_rate": 30.0,
                "operation_line_ids": [
                    Command.create({"operation_id": cls.op_pump.id, "hours": 2.0})
                ],
                "parts_mode": "cost_plus",
                "parts_markup": 10.0,
                "service_days": 7,
                "point_city": "Tver",
                "point_street": "1 Lenin Street",
                "point_published": True,
            }
        )
        cls.contract.action_activate()

    def _dealer_claim_case(self, serial, **claim_values):
        """A unit sold to a customer, its claim handled by the dealer."""
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        return self.env["aftersales.claim"].create(
            {"serial": serial, "dealer_id": self.dealer.id, **claim_values}
        )

    def _dealer_claim(self, claim, user=None):
        form = Form(
            self.env["aftersales.dealer.claim"].with_user(user or self.aftersales_user)
        )
        form.claim_id = claim
        with form.operation_line_ids.new() as line:
            line.operation_id = self.op_diag
        with form.operation_line_ids.new() as line:
            line.operation_id = self.op_pump
        with form.part_line_ids.new() as line:
            line.product_id = self.pump
            line.serial = "PUMP-001"
            line.quantity = 2
        return form.save()


@tagged("post_install", "-at_install")
class TestDealerContract(DealerCommon):
    def test_lifecycle_and_cron(self):
        self.assertEqual(self.contract.state, "active")
        self.assertTrue(self.contract.name.startswith("DSC/"))
        with freeze_time(fields.Date.today() + timedelta(days=336)):
            self.assertEqual(
                self.env["aftersales.dealer.contract"]._cron_expire(), self.contract
            )
        self.assertEqual(self.contract.state, "expired")
        self.contract.action_draft()
        self.contract.date_end = fields.Date.today() + timedelta(days=10)
        self.contract.action_activate()
        self.contract.action_terminate()
        self.assertEqual(self.contract.state, "terminated")
        self.assertEqual(self.contract.date_end, fields.Date.today())

    def test_refusals(self):
        second = self.contracts.create({"partner_id": self.dealer.id})
        with self.assertRaisesRegex(UserError, "already has an active contract"):
            second.action_activate()
        self.assertEqual(second.state, "draft")
        with self.assertRaisesRegex(ValidationError, "cannot end"):
            self.contracts.create(
                {
                    "partner_id": self.dealer_b.id,
                    "date_start": fields.Date.today(),
                    "date_end": fields.Date.today() - timedelta(days=1),
                }
            )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.contracts.create({"partner_id": self.dealer_b.id, "labour_rate": -5})
        with self.assertRaises(AccessError):
            self.env["aftersales.dealer.contract"].with_user(
                self.aftersales_user
            ).create({"partner_id": self.dealer_b.id})
        self.assertFalse(
            self.env["aftersales.dealer.contract"]
            .with_user(self.user_company_b)
            .search([])
        )

    def test_sale_to_a_dealer_and_resale(self):
        self._stock(self.product_serial, serials=["SN-DL1"])
        order = self._sell([(self.product_serial, 1)], partner=self.dealer)
        self.assertEqual(order.aftersales_dealer_contract_id, self.contract)
        self.assertIn("7 days", order.aftersales_dealer_service_terms)
        self._deliver(order.picking_ids)
        warranty = self._warranties(order)
        self.assertEqual(
            (warranty.partner_id, warranty.dealer_id), (self.dealer, self.dealer)
        )
        customer = self.env["res.partner"].create({"name": "End customer (test)"})
        wizard = (
            self.env["aftersales.warranty.resell"]
            .with_user(self.aftersales_user)
            .create(
                {"warranty_ids": [Command.set(warranty.ids)], "partner_id": customer.id}
            )
        )
        wizard.action_resell()
        self.assertEqual(
            (warranty.partner_id, warranty.dealer_id), (customer, self.dealer)
        )
        with self.assertRaisesRegex(UserError, "not a dealer's unsold unit"):
            warranty._resell_to(self.customer)

    def test_service_point_on_the_claim(self):
        claim_model = self.env["aftersales.claim"]
        domain = claim_model._fields["dealer_id"].domain
        points = self.env["res.partner"].search(
            [
                ("aftersales_dealer_contract_ids.point_published", "=", True),
                ("aftersales_dealer_contract_ids.state", "=", "active"),
            ]
        )
        self.assertIn("point_published", domain)
        self.assertIn(self.dealer, points)
        self.assertNotIn(self.dealer_b, points)


@tagged("post_install", "-at_install")
class TestDealerClaim(DealerCommon):
    def test_rates_and_flow_to_the_vendor_bill(self):
        claim = self._dealer_claim_case("SN-DC1")
        dealer_claim = self._dealer_claim(claim)
        self.assertEqual(dealer_claim.partner_id, self.dealer)
        self.assertEqual(dealer_claim.contract_id, self.contract)
        # Diagnosis at its standard 0.5 h, the pump at the contract's 2 h.
        self.assertEqual(dealer_claim.operation_line_ids.mapped("hours"), [0.5, 2.0])
        self.assertAlmostEqual(dealer_claim.amount_labour, 2.5 * 30)
        self.assertAlmostEqual(dealer_claim.amount_parts, 2 * 40 * 1.1)
        self.assertAlmostEqual(dealer_claim.amount_total, 75 + 88)
        self.assertFalse(dealer_claim.is_flagged)
        dealer_claim.action_submit()
        dealer_claim.with_user(self.aftersales_user).action_approve()
        bill = dealer_claim.bill_id.sudo()
        self.assertEqual((bill.move_type, bill.partner_id), ("in_invoice", self.dealer))
        self.assertAlmostEqual(bill.amount_untaxed, 163)
        self.assertIn("PUMP-001", " ".join(bill.invoice_line_ids.mapped("name")))
        with self.assertRaisesRegex(UserError, "it is approved"):
            dealer_claim.action_approve()
        # Paying the bill marks the claim paid.
        bill.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({})._create_payments()
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        self.assertEqual(dealer_claim.state, "paid")
        self.assertAlmostEqual(self.contract.amount_reimbursed, 163)
        self.assertEqual(self.contract.claim_count, 1)
        self.assertEqual(claim.dealer_claim_count, 1)
        action = claim.with_context(documents="dealer_claims").action_view_documents()
        self.assertEqual(action["res_id"], dealer_claim.id)

    def test_parts_at_cost_and_by_price_list(self):
        claim = self._dealer_claim_case("SN-DC2")
        self.contract.sudo().parts_mode = "cost"
        dealer_claim = self._dealer_claim(claim)
        self.assertAlmostEqual(dealer_claim.amount_parts, 80)
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Dealer parts (test)",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.pump.id,
                            "compute_price": "fixed",
                            "fixed_price": 45.0,
                        }
                    )
                ],
            }
        )
        self.contract.sudo().write(
            {"parts_mode": "pricelist", "pricelist_id": pricelist.id}
        )
        self.assertAlmostEqual(dealer_claim.amount_parts, 90)

    def test_flags_need_a_manager(self):
        claim = self._dealer_claim_case("SN-DC3", claim_type="refund")
        dealer_claim = self._dealer_claim(claim)
        self.assertTrue(dealer_claim.flag_type_not_allowed)
        duplicate = self._dealer_claim(claim)
        self.assertTrue(duplicate.flag_duplicate)
        self.assertFalse(dealer_claim.flag_duplicate)
        # Recomputed together (the claim changed), the later stays the duplicate.
        claim.symptom = "Also noisy"
        # (By the server: a plain user cannot write the flags.)
        (dealer_claim | duplicate).sudo()._compute_flags()
        self.assertEqual(
            (dealer_claim | duplicate).mapped("flag_duplicate"), [False, True]
        )
        dealer_claim.action_submit()
        with self.assertRaisesRegex(UserError, "only an after-sales administrator"):
            dealer_claim.with_user(self.aftersales_user).action_approve()
        self.assertEqual(dealer_claim.state, "submitted")
        self.assertFalse(dealer_claim.bill_id)
        dealer_claim.with_user(self.aftersales_manager).action_approve()
        self.assertEqual(dealer_claim.state, "approved")
        fresh = self._dealer_claim_case("SN-DC4")
        fresh.warranty_id.sudo().action_void()
        flagged = self._dealer_claim(fresh)
        self.assertTrue(flagged.flag_warranty_expired)

    def test_refusals(self):
        claim = self._dealer_claim_case("SN-DC5")
        claim.dealer_id = self.dealer_b
        with self.assertRaisesRegex(UserError, "handled by"):
            self.env["aftersales.dealer.claim"].create(
                {"claim_id": claim.id, "partner_id": self.dealer.id}
            )
        claim.dealer_id = self.dealer
        dealer_claim = self._dealer_claim(claim)
        self.contract.sudo().action_terminate()
        self.contract.sudo()._cron_expire()
        with self.assertRaisesRegex(UserError, "no active service contract"):
            dealer_claim.action_submit()
        self.assertEqual(dealer_claim.state, "draft")

    def test_access(self):
        claim = self._dealer_claim_case("SN-DC6")
        dealer_claim = self._dealer_claim(claim)
        self.assertFalse(
            self.env["aftersales.dealer.claim"]
            .with_user(self.user_company_b)
            .search([])
        )
        with self.assertRaises(AccessError):
            dealer_claim.with_user(self.salesman).read(["name"])
        with self.assertRaises(AccessError):
            dealer_claim.with_user(self.aftersales_user).unlink()


@tagged("post_install", "-at_install")
class TestDealerPortal(DealerCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_b = cls.contracts.create(
            {
                "partner_id": cls.dealer_b.id,
                "labour_rate": 25.0,
                "point_city": "Omsk",
                "point_published": False,
            }
        )
        cls.contract_b.action_activate()
        cls.pump.default_code = "PUMP-T"
        for login, dealer in (
            ("as_dealer_a", cls.dealer),
            ("as_dealer_b", cls.dealer_b),
        ):
            new_test_user(
                cls.env,
                login=login,
                password=login,
                groups="base.group_portal",
                partner_id=cls.env["res.partner"]
                .create({"name": f"{login} contact", "parent_id": dealer.id})
                .id,
            )

    def test_dealers_see_only_their_own(self):
        mine = self._dealer_claim_case("SN-DP1")
        theirs = self._dealer_claim_case("SN-DP2")
        theirs.dealer_id = self.dealer_b
        their_reimbursement = self.env["aftersales.dealer.claim"].create(
            {"claim_id": theirs.id}
        )
        self.authenticate("as_dealer_a", "as_dealer_a")
        page = self.url_open("/my/dealer")
        self.assertIn(self.contract.name, page.text)
        self.assertNotIn(self.contract_b.name, page.text)
        page = self.url_open("/my/dealer/claims")
        self.assertIn(mine.name, page.text)
        self.assertNotIn(theirs.name, page.text)
        self.assertEqual(
            self.url_open(
                f"/my/dealer/reimbursements/{their_reimbursement.id}"
            ).status_code,
            404,
        )
        self.assertEqual(self.url_open(f"/my/claims/{theirs.id}").status_code, 404)
        # Submitting for another dealer's customer claim is refused.
        data = {
            "csrf_token": Request.csrf_token(self),
            "claim_id": theirs.id,
            "operation_0": self.op_pump.id,
        }
        page = self.url_open("/my/dealer/reimbursements/submit", data=data)
        self.assertIn("Choose one of the claims you handle", page.text)
        page = self.url_open(
            "/my/dealer/reimbursements/submit",
            data=dict(data, claim_id=mine.id, part_0="NOPE"),
        )
        self.assertIn("No part has the reference NOPE", page.text)
        self.assertFalse(
            self.env["aftersales.dealer.claim"].search([("claim_id", "=", mine.id)])
        )
        page = self.url_open(
            "/my/dealer/reimbursements/submit",
            data=dict(
                data, claim_id=mine.id, part_0="PUMP-T", serial_0="P-9", quantity_0="1"
            ),
        )
        submitted = self.env["aftersales.dealer.claim"].search(
            [("claim_id", "=", mine.id)]
        )
        self.assertEqual(submitted.state, "submitted")
        self.assertEqual(submitted.partner_id, self.dealer)
        self.assertAlmostEqual(submitted.amount_total, 2 * 30 + 44)
        self.assertIn(submitted.name, page.text)
        # Dealer B sees none of it.
        self.authenticate("as_dealer_b", "as_dealer_b")
        page = self.url_open("/my/dealer/reimbursements")
        self.assertNotIn(submitted.name, page.text)
        self.assertEqual(
            self.url_open(f"/my/dealer/reimbursements/{submitted.id}").status_code, 404
        )

    def test_dealer_registers_the_end_customer(self):
        self._stock(self.product_serial, serials=["SN-DP3"])
        order = self._sell([(self.product_serial, 1)], partner=self.dealer)
        self._deliver(order.picking_ids)
        warranty = self._warranties(order)
        self.authenticate("as_dealer_b", "as_dealer_b")
        self.assertNotIn("SN-DP3", self.url_open("/my/dealer/units").text)
        self.authenticate("as_dealer_a", "as_dealer_a")
        self.assertIn("SN-DP3", self.url_open("/my/dealer/units").text)
        self.url_open(
            f"/my/dealer/units/{warranty.id}/resell",
            data={
                "csrf_token": Request.csrf_token(self),
                "name": "Olga End-Customer",
                "email": "olga@example.com",
            },
        )
        self.assertEqual(warranty.partner_id.name, "Olga End-Customer")
        self.assertEqual(warranty.dealer_id, self.dealer)

    def test_customer_is_no_dealer(self):
        new_test_user(
            self.env,
            login="as_plain_portal",
            password="as_plain_portal",
            groups="base.group_portal",
        )
        self.authenticate("as_plain_portal", "as_plain_portal")
        self.assertEqual(self.url_open("/my/dealer").status_code, 404)

    def test_public_service_points(self):
        page = self.url_open("/service-points")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Dealer North (test)", page.text)
        self.assertIn("1 Lenin Street", page.text)
        self.assertNotIn("Dealer South (test)", page.text)  # not published
        self.contract_b.sudo().point_published = True
        page = self.url_open("/service-points?city=Omsk")
        self.assertIn("Dealer South (test)", page.text)
        self.assertNotIn("Dealer North (test)", page.text)
