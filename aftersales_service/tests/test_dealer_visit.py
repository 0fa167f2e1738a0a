# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_dealer import DealerCommon


class DealerVisitCommon(DealerCommon, HttpCase):
    """Two dealers with a portal user each, and an on-site visit given to
    each of them for a claim it handles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract.visit_fee = 25.0
        cls.contract_b = cls.contracts.create(
            {"partner_id": cls.dealer_b.id, "labour_rate": 90.0, "visit_fee": 70.0}
        )
        cls.contract_b.action_activate()
        cls.users = {}
        for login, dealer in (("as_dlv_a", cls.dealer), ("as_dlv_b", cls.dealer_b)):
            cls.users[login] = new_test_user(
                cls.env,
                login=login,
                password=login,
                groups="base.group_portal",
                partner_id=cls.env["res.partner"]
                .create({"name": f"{login} contact", "parent_id": dealer.id})
                .id,
            )
        cls.site = cls.env["fsm.location"].create(
            {"name": "Customer site (test)", "owner_id": cls.customer.id}
        )

    def _visit(self, claim, dealer):
        return self.env["fsm.order"].create(
            {
                "location_id": self.site.id,
                "aftersales_visit_type": "repair",
                "aftersales_claim_id": claim.id,
                "aftersales_lot_ids": [(6, 0, claim.lot_id.ids)],
                "aftersales_dealer_id": dealer.id,
            }
        )

    def _close_form(self, visit, **values):
        return self.url_open(
            f"/my/dealer/visits/{visit.id}/close",
            data={"csrf_token": Request.csrf_token(self), **values},
        )

    def _state(self, visit):
        self.env.invalidate_all()
        return (
            visit.stage_id,
            visit.resolution,
            visit.date_end,
            self.env["aftersales.dealer.claim"].search_count([]),
        )


@tagged("post_install", "-at_install")
class TestDealerVisitIsolation(DealerVisitCommon):
    def setUp(self):
        super().setUp()
        self.claim_a = self._dealer_claim_case("SN-DV-A")
        self.visit_a = self._visit(self.claim_a, self.dealer)

    def test_orm_other_dealer_cannot_read_nor_close(self):
        user_b = self.users["as_dlv_b"]
        visits = self.env["fsm.order"].with_user(user_b)
        self.assertFalse(visits.search([("id", "=", self.visit_a.id)]))
        with self.assertRaises(AccessError):
            self.visit_a.with_user(user_b).read(["name"])
        before = self._state(self.visit_a)
        with self.assertRaises(AccessError):
            self.visit_a.with_user(user_b)._aftersales_dealer_close("Done (forged)")
        with self.assertRaises(AccessError):
            self.visit_a.with_user(user_b).write({"resolution": "forged"})
        self.assertEqual(self._state(self.visit_a), before)
        # Dealer A reads its own visit, but writes nothing through the ORM.
        user_a = self.users["as_dlv_a"]
        self.assertEqual(
            self.env["fsm.order"].with_user(user_a).search([]), self.visit_a
        )
        with self.assertRaises(AccessError):
            self.visit_a.with_user(user_a).write({"resolution": "direct"})

    @mute_logger("odoo.http")
    def test_http_other_dealer_gets_not_found(self):
        self.authenticate("as_dlv_b", "as_dlv_b")
        listing = self.url_open("/my/dealer/visits")
        self.assertEqual(listing.status_code, 200)
        self.assertNotIn(self.visit_a.name, listing.text)
        self.assertEqual(
            self.url_open(f"/my/dealer/visits/{self.visit_a.id}").status_code, 404
        )
        before = self._state(self.visit_a)
        page = self._close_form(
            self.visit_a, report="Done (forged)", operation_0=self.op_pump.id
        )
        self.assertEqual(page.status_code, 404)
        self.assertEqual(self._state(self.visit_a), before)

    def test_dealer_closes_and_claims_priced_by_contract(self):
        self.authenticate("as_dlv_a", "as_dlv_a")
        listing = self.url_open("/my/dealer/visits")
        self.assertIn(self.visit_a.name, listing.text)
        page = self.url_open(f"/my/dealer/visits/{self.visit_a.id}")
        self.assertIn("aftersales_dealer_visit_form", page.text)
        page = self._close_form(
            self.visit_a,
            report="Pump replaced <b>on site</b>",
            operation_0=self.op_pump.id,
            hours_0="",
            # What a client sends for money is ignored.
            amount_visit="9999",
            amount_total="9999",
            visit_fee="9999",
        )
        self.assertEqual(page.status_code, 200)
        self.env.invalidate_all()
        self.assertTrue(self.visit_a.is_closed)
        self.assertIn(
            "Pump replaced &lt;b&gt;on site&lt;/b&gt;", self.visit_a.resolution
        )
        dealer_claim = self.env["aftersales.dealer.claim"].search(
            [("fsm_order_id", "=", self.visit_a.id)]
        )
        self.assertEqual(dealer_claim.state, "submitted")
        self.assertEqual(dealer_claim.contract_id, self.contract)
        # The contract's flat rate (2 h) at its labour rate, and its visit fee.
        self.assertEqual(dealer_claim.amount_labour, 60.0)
        self.assertEqual(dealer_claim.amount_visit, 25.0)
        self.assertEqual(dealer_claim.amount_total, 85.0)
        # Closed once: a second close is refused and writes nothing.
        before = self._state(self.visit_a)
        page = self._close_form(self.visit_a, report="Again")
        self.assertIn("aftersales_dealer_visit_error", page.text)
        self.assertIn("already closed", page.text)
        self.assertEqual(self._state(self.visit_a), before)
        # Approved: the bill pays the visit fee besides the labour.
        dealer_claim.with_user(self.aftersales_manager).action_approve()
        self.assertEqual(dealer_claim.bill_id.amount_untaxed, 85.0)

    def test_refused_close_leaves_nothing(self):
        """An unknown operation: the visit stays open, no claim."""
        self.authenticate("as_dlv_a", "as_dlv_a")
        before = self._state(self.visit_a)
        page = self._close_form(self.visit_a, report="Done", operation_0="999999")
        self.assertIn("Choose a known labour operation", page.text)
        self.assertEqual(self._state(self.visit_a), before)
        page = self._close_form(self.visit_a, report="  ")
        self.assertIn("Write the report of the visit", page.text)
        self.assertEqual(self._state(self.visit_a), before)


@tagged("post_install", "-at_install")
class TestDealerVisitClaim(DealerVisitCommon):
    def test_visit_fee_from_contract_billed_once(self):
        claim = self._dealer_claim_case("SN-DV-C")
        visit = self._visit(claim, self.dealer)
        visit_b = self._visit(claim, self.dealer_b)
        dealer_claims = self.env["aftersales.dealer.claim"].with_user(
            self.aftersales_user
        )
        with self.assertRaisesRegex(UserError, "not done yet"):
            with self.env.cr.savepoint():
                dealer_claims.create({"claim_id": claim.id, "fsm_order_id": visit.id})
        (visit | visit_b).resolution = "<p>Repaired</p>"
        visit_b.action_complete()
        visit.action_complete()
        with self.assertRaisesRegex(UserError, "computed by the server"):
            with self.env.cr.savepoint():
                dealer_claims.create(
                    {
                        "claim_id": claim.id,
                        "fsm_order_id": visit.id,
                        "amount_visit": 500.0,
                    }
                )
        first = self._dealer_claim(claim)
        first.fsm_order_id = visit
        self.assertEqual(first.amount_visit, 25.0)
        self.assertEqual(
            first.amount_total, first.amount_labour + first.amount_parts + 25.0
        )
        first.action_submit()
        second = self._dealer_claim(claim)
        second.fsm_order_id = visit
        with self.assertRaisesRegex(UserError, "already claimed"):
            second.action_submit()
        self.assertEqual(second.state, "draft")
        # A visit of another dealer is refused.
        with self.assertRaisesRegex(UserError, "is not a visit of"):
            with self.env.cr.savepoint():
                second.fsm_order_id = visit_b
