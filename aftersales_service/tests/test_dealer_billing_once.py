# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_security_dealer_portal import DEALER_CLAIM, DealerPortalAttackCommon

SECOND_VISIT = "Second Visit: Work Already Claimed"


@tagged("post_install", "-at_install")
class TestDealerBillsOnce(DealerPortalAttackCommon):
    """A dealer bills a piece of work once; a refused claim uses no number."""

    def _submitted(self, claim, **values):
        """The dealer claim the portal dealer submits for ``claim`` (the
        pump operation and the pump part, by default)."""
        existing = self.env[DEALER_CLAIM].search([("claim_id", "=", claim.id)])
        page = self._submit(claim, **{"part_0": "PUMP-T", **values})
        self.assertNotIn("aftersales_dealer_claim_error", page.text)
        dealer_claim = (
            self.env[DEALER_CLAIM].search([("claim_id", "=", claim.id)]) - existing
        )
        self.assertEqual(len(dealer_claim), 1)
        self.assertEqual(dealer_claim.state, "submitted")
        return dealer_claim

    def _number(self, dealer_claim):
        return int(dealer_claim.name.rsplit("/", 1)[1])

    def test_duplicate_refused_through_http_no_number_consumed(self):
        claim = self._dealer_claim_case("SN-BO1")
        self.authenticate("as_dlr_a", "as_dlr_a")
        first = self._submitted(claim)
        # The same part again (another quantity and serial), the same labour,
        # or both: refused, naming the earlier claim; nothing written, no
        # number taken.
        for values in (
            {"operation_0": "", "part_0": "PUMP-T", "quantity_0": "1.5"},
            {"operation_0": self.op_pump.id, "part_0": "", "serial_0": ""},
            {"part_0": "PUMP-T", "serial_0": "P-OTHER"},
        ):
            with self.subTest(values=values):
                page = self._assert_refused(
                    claim, "already claimed in dealer claim", **values
                )
                self.assertIn(first.name, page.text)
                self.assertIn("second visit", page.text)
        # Other work on the same claim is accepted (flagged: a later claim for
        # the same customer claim), with the next number: no gap.
        other = self._submitted(claim, operation_0=self.op_diag.id, part_0="")
        self.assertEqual(self._number(other), self._number(first) + 1)
        self.assertTrue(other.flag_duplicate)
        self.assertFalse(other.flag_second_visit)
        # Now the diagnosis too is claimed.
        self._assert_refused(claim, "Diagnosis", operation_0=self.op_diag.id, part_0="")
        # A rejected claim claims nothing: its work can be claimed again.
        first.with_user(self.aftersales_user).action_reject()
        again = self._submitted(claim)
        self.assertEqual(self._number(again), self._number(other) + 1)

    def test_second_visit_needs_a_reason_and_a_manager(self):
        claim = self._dealer_claim_case("SN-BO2")
        self.authenticate("as_dlr_a", "as_dlr_a")
        first = self._submitted(claim)
        self._assert_refused(claim, "already claimed", second_visit_reason="   ")
        second = self._submitted(
            claim, second_visit_reason="The new pump failed within a week."
        )
        self.assertEqual(
            second.second_visit_reason, "The new pump failed within a week."
        )
        self.assertTrue(second.flag_second_visit)
        self.assertTrue(second.is_flagged)
        self.assertIn(SECOND_VISIT, second.flag_summary)
        # The dealer reads why, in full, on its list and on the claim's page.
        page = self.url_open("/my/dealer/reimbursements")
        self.assertIn(SECOND_VISIT, page.text)
        page = self.url_open(f"/my/dealer/reimbursements/{second.id}")
        self.assertIn(SECOND_VISIT, page.text)
        self.assertIn("The new pump failed within a week.", page.text)
        self.assertIn("only a manager can approve it", page.text)
        # The dealer cannot take the reason back, nor approve.
        for method, args in (
            ("write", [[second.id], {"second_visit_reason": False}]),
            ("action_approve", [[second.id]]),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused(DEALER_CLAIM, method, *args)
        # A plain after-sales user cannot approve it (RPC), nor drop its
        # reason now that it is submitted.
        self.authenticate("as_user", "as_userx")
        message = self.assertRpcRefused(DEALER_CLAIM, "action_approve", [second.id])
        self.assertIn("only an after-sales administrator", message)
        message = self.assertRpcRefused(
            DEALER_CLAIM, "write", [second.id], {"second_visit_reason": False}
        )
        self.assertIn("cannot change", message)
        self.assertEqual(second.state, "submitted")
        self.assertFalse(second.sudo().bill_id)
        # The first is approved as usual; the second visit by a manager.
        first.with_user(self.aftersales_user).action_approve()
        second.with_user(self.aftersales_manager).action_approve()
        self.assertEqual((first.state, second.state), ("approved", "approved"))

    def test_server_decides_at_submission_and_approval(self):
        claim = self._dealer_claim_case("SN-BO3")
        first = self._dealer_claim(claim)
        # A second draft of the same work may be kept (nothing is claimed
        # until submitted), but it cannot be submitted.
        second = self._dealer_claim(claim)
        first.with_user(self.aftersales_user).action_submit()
        with self.assertRaisesRegex(
            UserError, f"already claimed in dealer claim {first.name}"
        ):
            second.with_user(self.aftersales_user).action_submit()
        self.assertEqual(second.state, "draft")
        # Given a reason it can; but the approval decides again on the data
        # of the moment: without the reason (however it was dropped), even a
        # manager cannot approve work already approved.
        second.with_user(self.aftersales_user).second_visit_reason = "Came back"
        second.with_user(self.aftersales_user).action_submit()
        self.assertTrue(second.flag_second_visit)
        first.with_user(self.aftersales_user).action_approve()
        second.sudo().second_visit_reason = False
        with self.assertRaisesRegex(
            UserError, f"already claimed in dealer claim {first.name}"
        ):
            second.with_user(self.aftersales_manager).action_approve()
        self.assertEqual(second.state, "submitted")
        self.assertFalse(second.sudo().bill_id)
        # The reason back: the manager approves it.
        second.sudo().second_visit_reason = "Came back"
        second.with_user(self.aftersales_manager).action_approve()
        self.assertEqual(second.state, "approved")

    def test_refused_claim_uses_no_number(self):
        claim = self._dealer_claim_case("SN-BO4")
        kept = self._dealer_claim(claim)
        claim.dealer_id = self.dealer_b
        before = self._counts()
        # (A savepoint each: the rollback of the refused request.)
        with (
            self.assertRaisesRegex(UserError, "handled by"),
            self.env.cr.savepoint(),
        ):
            self.env[DEALER_CLAIM].with_user(self.aftersales_user).create(
                {"claim_id": claim.id, "partner_id": self.dealer.id}
            )
        form = Form(self.env[DEALER_CLAIM].with_user(self.aftersales_user))
        form.claim_id = claim
        form.partner_id = self.dealer
        with self.assertRaisesRegex(UserError, "handled by"), self.env.cr.savepoint():
            form.save()
        self.assertEqual(self._counts(), before)
        # The next claim kept takes the next number: no gap.
        claim.dealer_id = self.dealer
        self.assertEqual(
            self._number(self._dealer_claim(claim)), self._number(kept) + 1
        )

    def test_dealer_list_rows_open_and_deadline_flagged(self):
        claim = self._dealer_claim_case("SN-BO5")
        theirs = self._dealer_claim_case("SN-BO6")
        theirs.dealer_id = self.dealer_b
        claim.sudo().date_received = fields.Datetime.now() - timedelta(days=400)
        self.assertTrue(claim.is_late)
        self.authenticate("as_dlr_a", "as_dlr_a")
        dealer_claim = self._submitted(claim, hours_0="9")
        page = self.url_open("/my/dealer/claims")
        self.assertIn(f'href="/my/dealer/claims/{claim.id}"', page.text)
        self.assertIn("Deadline passed", page.text)
        page = self.url_open(f"/my/dealer/claims/{claim.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Deadline passed", page.text)
        self.assertIn(f'href="/my/dealer/reimbursements/{dealer_claim.id}"', page.text)
        self.assertIn("Hours Above the Flat Rate", page.text)
        self.assertEqual(
            self.url_open(f"/my/dealer/claims/{theirs.id}").status_code, 404
        )
        page = self.url_open("/my/dealer/reimbursements")
        self.assertIn(f'href="/my/dealer/reimbursements/{dealer_claim.id}"', page.text)
        self.assertIn("Deadline passed", page.text)
        self.assertIn("Hours Above the Flat Rate", page.text)
        page = self.url_open(f"/my/dealer/reimbursements/{dealer_claim.id}")
        self.assertIn("Deadline passed", page.text)
        self.assertIn("Hours Above the Flat Rate", page.text)
        # Not late: no badge.
        claim.sudo().date_received = fields.Datetime.now()
        self.assertFalse(claim.is_late)
        self.assertNotIn(
            "Deadline passed", self.url_open(f"/my/dealer/claims/{claim.id}").text
        )
