# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A loan agrees with its claim: never lent before the claim or its loaner
request, and a claim given a loaner records the request."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .test_loan import LoanCommon


@tagged("post_install", "-at_install")
class TestLoanClaimDates(LoanCommon):
    def _claim(self, serial, **values):
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        claim = self.claims.create({"serial": serial, **values})
        claim.action_receive()
        return claim

    def test_not_lent_before_the_claim(self):
        unit = self._loaners(self.product_serial, ["LN-D1"])
        today = fields.Date.context_today(self.loans)
        claim = self._claim("SN-D1", loaner_requested=True, date_loaner_requested=today)
        loans_before = self.loans.search_count([])
        with self.assertRaisesRegex(ValidationError, "before the claim was made"):
            self.loans.create(
                {
                    "claim_id": claim.id,
                    "lot_id": unit.id,
                    "date_out": today - timedelta(days=12),
                    "date_due": today + timedelta(days=5),
                }
            )
        self.assertEqual(self.loans.search_count([]), loans_before)
        # Nor moved back there once lent.
        loan = self._lend(claim)
        # (assertRaises rolls the refused write back, as a request would.)
        with self.assertRaises(ValidationError) as refusal:
            loan.write({"date_out": today - timedelta(days=1)})
        self.assertIn("before the claim was made", str(refusal.exception))
        loan.invalidate_recordset()
        self.assertEqual(loan.date_out, today)

    def test_claim_not_moved_past_its_loan(self):
        """The claim's dates cannot move after the day its loaner went out:
        the act would show a loaner lent for a claim not yet made."""
        self._loaners(self.product_serial, ["LN-D5"])
        today = fields.Date.context_today(self.loans)
        claim = self._claim(
            "SN-D5",
            date_claim=today - timedelta(days=3),
            loaner_requested=True,
            date_loaner_requested=today - timedelta(days=3),
        )
        with freeze_time(today - timedelta(days=2)):
            loan = self._lend(claim)
        self.assertEqual(loan.date_out, today - timedelta(days=2))
        for values in (
            {
                "date_claim": today - timedelta(days=1),
                "date_loaner_requested": today - timedelta(days=1),
            },
            {"date_loaner_requested": today},
        ):
            # (assertRaises rolls the refused write back, as a request would.)
            with (
                self.subTest(values=values),
                self.assertRaises(ValidationError) as refusal,
            ):
                claim.write(values)
            self.assertIn("A loaner cannot be lent", str(refusal.exception))
        claim.invalidate_recordset()
        self.assertEqual(
            (claim.date_claim, claim.date_loaner_requested),
            (today - timedelta(days=3), today - timedelta(days=3)),
        )
        # Earlier is fine: the loan still comes after.
        claim.write({"date_claim": today - timedelta(days=4)})
        self.assertEqual(claim.date_claim, today - timedelta(days=4))

    def test_not_lent_before_the_loaner_request(self):
        unit = self._loaners(self.product_serial, ["LN-D2"])
        today = fields.Date.context_today(self.loans)
        claim = self._claim(
            "SN-D2",
            date_claim=today - timedelta(days=1),
            loaner_requested=True,
            date_loaner_requested=today,
        )
        with self.assertRaisesRegex(ValidationError, "loaner requested"):
            self.loans.create(
                {
                    "claim_id": claim.id,
                    "lot_id": unit.id,
                    "date_out": today - timedelta(days=1),
                    "date_due": today + timedelta(days=5),
                }
            )
        self.assertFalse(claim.loan_ids)

    def test_a_loan_records_the_loaner_request(self):
        """A loan set up from the loans menu, for a claim whose request was
        not ticked: the claim records the request on the loan's day, and its
        legal loaner day follows from it."""
        unit = self._loaners(self.product_serial, ["LN-D3"])
        today = fields.Date.context_today(self.loans)
        claim = self._claim("SN-D3")
        self.assertFalse(claim.loaner_requested)
        loan = self.loans.create(
            {
                "claim_id": claim.id,
                "lot_id": unit.id,
                "date_due": today + timedelta(days=5),
            }
        )
        self.assertTrue(claim.loaner_requested)
        self.assertEqual(claim.date_loaner_requested, loan.date_out)
        loan.action_lend()
        self.assertEqual(loan.state, "lent")
        self.assertGreaterEqual(loan.date_out, claim.date_loaner_requested)
        # A request already recorded keeps its own day.
        other = self._claim(
            "SN-D4",
            date_claim=today - timedelta(days=2),
            loaner_requested=True,
            date_loaner_requested=today - timedelta(days=2),
        )
        self.loans.create(
            {
                "claim_id": other.id,
                "lot_id": self._loaners(self.product_serial, ["LN-D4"]).id,
                "date_due": today + timedelta(days=5),
            }
        )
        self.assertEqual(other.date_loaner_requested, today - timedelta(days=2))
