# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from ..controllers import dealer as dealer_controller
from .common import AftersalesRpcMixin
from .test_dealer import DealerCommon

DEALER_CLAIM = "aftersales.dealer.claim"
ATTACK = '<img src=x onerror="alert(1)"><a href="https://evil.example">pay here</a>'


class DealerPortalAttackCommon(DealerCommon, AftersalesRpcMixin, HttpCase):
    """A portal dealer who bends the reimbursement and resale forms and the
    JSON-RPC API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_b = cls.contracts.create(
            {"partner_id": cls.dealer_b.id, "labour_rate": 90.0}
        )
        cls.contract_b.action_activate()
        cls.pump.default_code = "PUMP-T"
        cls.dealer_user = new_test_user(
            cls.env,
            login="as_dlr_a",
            password="as_dlr_a",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "as_dlr_a contact", "parent_id": cls.dealer.id})
            .id,
        )
        operations = cls.env["aftersales.labour.operation"]
        cls.op_company_b = operations.create(
            {
                "code": "T-B",
                "name": "Company B operation (test)",
                "hours": 50,
                "company_id": cls.company_b.id,
            }
        )
        cls.op_archived = operations.create(
            {"code": "T-OLD", "name": "Old operation (test)", "hours": 50}
        )
        cls.op_archived.active = False
        products = cls.env["product.product"]
        cls.part_company_b = products.create(
            {
                "name": "Company B part (test)",
                "default_code": "PART-B",
                "standard_price": 900,
                "company_id": cls.company_b.id,
            }
        )
        cls.part_archived = products.create(
            {
                "name": "Old part (test)",
                "default_code": "PART-OLD",
                "standard_price": 900,
            }
        )
        cls.part_archived.active = False

    def _counts(self):
        self.env.invalidate_all()
        return (
            self.env[DEALER_CLAIM].search_count([]),
            self.env["aftersales.dealer.claim.operation"].search_count([]),
            self.env["aftersales.dealer.claim.part"].search_count([]),
            self.env["account.move"].search_count([]),
            self.env["res.partner"].search_count([]),
            self._next_number(),
        )

    def _next_number(self):
        sequence = self.env.ref("aftersales_service.seq_aftersales_dealer_claim")
        ranges = sequence.date_range_ids
        return sequence.number_next_actual, tuple(ranges.mapped("number_next_actual"))

    def _submit(self, claim, **values):
        data = {
            "csrf_token": Request.csrf_token(self),
            "claim_id": claim.id,
            "operation_0": self.op_pump.id,
            **values,
        }
        return self.url_open("/my/dealer/reimbursements/submit", data=data)

    def _assert_refused(self, claim, message, **values):
        before = self._counts()
        page = self._submit(claim, **values)
        self.assertEqual(page.status_code, 200, page.text[-2000:])
        self.assertIn("aftersales_dealer_claim_error", page.text)
        self.assertRegex(page.text, message)
        self.assertEqual(self._counts(), before)
        return page


@tagged("post_install", "-at_install")
class TestDealerPortalForms(DealerPortalAttackCommon):
    def test_other_company_and_archived_operations_and_parts(self):
        claim = self._dealer_claim_case("SN-SDP1")
        self.authenticate("as_dlr_a", "as_dlr_a")
        form = self.url_open("/my/dealer/reimbursements/new")
        self.assertNotIn("Company B operation", form.text)
        self.assertNotIn("Old operation", form.text)
        for operation in (self.op_company_b, self.op_archived):
            with self.subTest(operation=operation.code):
                self._assert_refused(
                    claim, "Choose a known labour operation", operation_0=operation.id
                )
        for reference in ("PART-B", "PART-OLD"):
            with self.subTest(part=reference):
                self._assert_refused(
                    claim, f"No part has the reference {reference}", part_0=reference
                )

    def test_bad_numbers_give_a_form_error(self):
        claim = self._dealer_claim_case("SN-SDP2")
        self.authenticate("as_dlr_a", "as_dlr_a")
        for values in (
            {"operation_0": "abc"},
            {"operation_0": "1e999"},
            {"operation_0": "-1"},
            {"operation_0": "99999999999999999999999"},
        ):
            with self.subTest(values=values):
                self._assert_refused(claim, "Choose a known labour operation", **values)
        for quantity in ("abc", "1e999", "nan", "inf", "-inf", "0", "-3", "1001"):
            with self.subTest(quantity=quantity):
                self._assert_refused(
                    claim,
                    "Each part quantity must be more than 0",
                    part_0="PUMP-T",
                    quantity_0=quantity,
                )
        for hours in ("abc", "nan", "inf", "1e999", "0", "-1", "101"):
            with self.subTest(hours=hours):
                self._assert_refused(
                    claim, "Labour hours must be more than 0", hours_0=hours
                )
        self._assert_refused(claim, "Describe the work", operation_0="")
        self._assert_refused(claim, "Choose one of the claims", claim_id="abc")
        # Within bounds it is accepted.
        page = self._submit(claim, part_0="PUMP-T", quantity_0="2.5")
        submitted = self.env[DEALER_CLAIM].search([("claim_id", "=", claim.id)])
        self.assertEqual(submitted.state, "submitted")
        self.assertIn(submitted.name, page.text)
        self.assertEqual(submitted.part_line_ids.quantity, 2.5)

    def test_typed_hours_flag_the_claim(self):
        claim = self._dealer_claim_case("SN-SDP3")
        self.authenticate("as_dlr_a", "as_dlr_a")
        self._submit(claim, hours_0="9")
        dealer_claim = self.env[DEALER_CLAIM].search([("claim_id", "=", claim.id)])
        self.assertEqual(dealer_claim.operation_line_ids.hours, 9)
        self.assertTrue(dealer_claim.flag_hours_changed)
        self.assertTrue(dealer_claim.is_flagged)
        self.authenticate("as_user", "as_userx")
        message = self.assertRpcRefused(
            DEALER_CLAIM, "action_approve", [dealer_claim.id]
        )
        self.assertIn("only an after-sales administrator", message)
        self.assertEqual(dealer_claim.state, "submitted")

    def test_note_is_plain_text(self):
        claim = self._dealer_claim_case("SN-SDP4")
        self.authenticate("as_dlr_a", "as_dlr_a")
        self._submit(claim, note=ATTACK)
        dealer_claim = self.env[DEALER_CLAIM].search([("claim_id", "=", claim.id)])
        self.assertNotIn("<img", dealer_claim.note)
        self.assertNotIn('<a href="https://evil.example">', dealer_claim.note)
        self.assertIn("&lt;img", dealer_claim.note)
        self.assertIn("&lt;/a&gt;", dealer_claim.note)

    def test_no_contract_nothing_created(self):
        claim = self._dealer_claim_case("SN-SDP5")
        earlier = self._dealer_claim_case("SN-SDP5B")
        self.authenticate("as_dlr_a", "as_dlr_a")
        self._submit(earlier)
        self.assertTrue(self.env[DEALER_CLAIM].search([("claim_id", "=", earlier.id)]))
        self.contract.sudo().action_terminate()
        self.contract.sudo().date_end = False
        # Their contract ended: no reimbursement, and no number is used.
        self._assert_refused(claim, "no active service contract")

    def test_submissions_bounded_per_user_and_hour(self):
        claim = self._dealer_claim_case("SN-SDP6")
        limit = dealer_controller.REIMBURSEMENT_LIMIT
        for _i in range(limit):
            self.env["aftersales.rate.limit"]._hit(
                f"dealer_claim:{self.dealer_user.id}",
                limit,
                dealer_controller.WINDOW,
            )
        self.authenticate("as_dlr_a", "as_dlr_a")
        self._assert_refused(claim, "too many reimbursement claims")
        # Refused submissions count too.
        self.env["aftersales.rate.limit"].sudo().search(
            [("key", "=", f"dealer_claim:{self.dealer_user.id}")]
        ).unlink()
        for _i in range(limit):
            self._submit(claim, operation_0="abc")
        self._assert_refused(claim, "too many reimbursement claims")

    def test_resale_bounded_and_validated(self):
        self._stock(self.product_serial, serials=["SN-SDP7"])
        order = self._sell([(self.product_serial, 1)], partner=self.dealer)
        self._deliver(order.picking_ids)
        warranty = self._warranties(order)
        self.authenticate("as_dlr_a", "as_dlr_a")
        url = f"/my/dealer/units/{warranty.id}/resell"
        for values, message in (
            ({"name": "  "}, "name of the end customer"),
            ({"name": "x" * 300}, "name of the end customer"),
            ({"name": "Olga", "email": "not an e-mail"}, "e-mail address"),
            ({"name": "Olga", "email": "a@b.c" * 100}, "e-mail address"),
        ):
            with self.subTest(values=values):
                before = self._counts()
                page = self.url_open(
                    url, data={"csrf_token": Request.csrf_token(self), **values}
                )
                self.assertEqual(page.status_code, 200)
                self.assertIn(message, page.text)
                self.assertEqual(self._counts(), before)
                self.assertEqual(warranty.partner_id, self.dealer)
        for _i in range(dealer_controller.RESELL_LIMIT):
            self.env["aftersales.rate.limit"]._hit(
                f"dealer_resell:{self.dealer_user.id}",
                dealer_controller.RESELL_LIMIT,
                dealer_controller.WINDOW,
            )
        before = self._counts()
        page = self.url_open(
            url, data={"csrf_token": Request.csrf_token(self), "name": "Olga"}
        )
        self.assertIn("too many end customers", page.text)
        self.assertEqual(self._counts(), before)
        self.assertEqual(warranty.partner_id, self.dealer)


@tagged("post_install", "-at_install")
class TestDealerRpc(DealerPortalAttackCommon):
    def test_dealer_cannot_write_or_move_its_claims(self):
        claim = self._dealer_claim_case("SN-SDR9", claim_type="refund")
        dealer_claim = self._dealer_claim(claim)
        dealer_claim.action_submit()
        self.assertTrue(dealer_claim.is_flagged)
        self.authenticate("as_dlr_a", "as_dlr_a")
        before = self._counts()
        for method, args in (
            ("write", [[dealer_claim.id], {"is_flagged": False}]),
            ("write", [[dealer_claim.id], {"amount_total": 1.0}]),
            ("action_approve", [[dealer_claim.id]]),
            ("action_reset_draft", [[dealer_claim.id]]),
            ("action_submit", [[dealer_claim.id]]),
            ("create", [{"claim_id": claim.id, "contract_id": self.contract_b.id}]),
        ):
            with self.subTest(method=method, args=args):
                self.assertRpcRefused(DEALER_CLAIM, method, *args)
        self.assertRpcRefused(
            "aftersales.dealer.claim.operation",
            "write",
            [dealer_claim.operation_line_ids[0].id],
            {"hours": 50},
        )
        self.assertEqual(self._counts(), before)
        self.assertEqual(dealer_claim.state, "submitted")
        # Its own claim reads, with why it is flagged, without the bill.
        rows = self.call_kw(
            DEALER_CLAIM, "read", [dealer_claim.id], ["name", "state", "is_flagged"]
        )
        self.assertEqual(rows[0]["name"], dealer_claim.name)
        self.assertTrue(rows[0]["is_flagged"])
        message = self.assertRpcRefused(
            DEALER_CLAIM, "read", [dealer_claim.id], ["bill_id"]
        )
        self.assertIn("AccessError", message)
        self.assertRpcRefused(
            DEALER_CLAIM, "search_read", [], ["flag_type_not_allowed", "bill_id"]
        )

    def test_other_dealer_claim_is_invisible(self):
        claim = self._dealer_claim_case("SN-SDR10")
        claim.dealer_id = self.dealer_b
        theirs = self.env[DEALER_CLAIM].create({"claim_id": claim.id})
        self.authenticate("as_dlr_a", "as_dlr_a")
        self.assertFalse(self.call_kw(DEALER_CLAIM, "search", [("id", "=", theirs.id)]))
        self.assertRpcRefused(DEALER_CLAIM, "read", [theirs.id], ["name"])
        self.assertEqual(
            self.env[DEALER_CLAIM]
            .with_user(self.dealer_user)
            .search([("id", "=", theirs.id)]),
            self.env[DEALER_CLAIM],
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.dealer_user).write({"note": "x"})
        self.assertFalse(theirs.note)
