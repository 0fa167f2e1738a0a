# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import AftersalesRpcMixin
from .test_dealer import DealerCommon

DEALER_CLAIM = "aftersales.dealer.claim"
OPERATION = "aftersales.dealer.claim.operation"
PART = "aftersales.dealer.claim.part"
REFUSED = UserError  # AccessError is a UserError too


class DealerClaimAttackCommon(DealerCommon):
    """A plain After-Sales user (``as_user``) who enters dealer claims and
    tries to get one paid outside the dealer's contract."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_b = cls.contracts.create(
            {"partner_id": cls.dealer_b.id, "labour_rate": 90.0}
        )
        cls.contract_b.action_activate()
        # An earlier contract of the dealer, expired.
        cls.contract_old = cls.contracts.create(
            {
                "partner_id": cls.dealer.id,
                "date_start": fields.Date.today() - timedelta(days=400),
                "date_end": fields.Date.today() - timedelta(days=40),
                "labour_rate": 500.0,
            }
        )
        cls.contract_old.sudo().state = "expired"
        cls.user_env = cls.env(user=cls.aftersales_user)

    def _counts(self):
        return (
            self.env[DEALER_CLAIM].search_count([]),
            self.env[OPERATION].search_count([]),
            self.env[PART].search_count([]),
            self.env["account.move"].search_count([]),
        )

    def _values(self, dealer_claim):
        dealer_claim.invalidate_recordset()
        return dealer_claim.read(
            [
                "state",
                "contract_id",
                "is_flagged",
                "flag_type_not_allowed",
                "amount_total",
                "bill_id",
            ]
        )[0]

    def _flagged_submitted(self, serial):
        """A submitted dealer claim for a claim type the contract does not
        allow (flagged)."""
        claim = self._dealer_claim_case(serial, claim_type="refund")
        dealer_claim = self._dealer_claim(claim)
        dealer_claim.with_user(self.aftersales_user).action_submit()
        self.assertTrue(dealer_claim.is_flagged)
        return dealer_claim


@tagged("post_install", "-at_install")
class TestUserDealerClaimOrm(DealerClaimAttackCommon):
    def test_contract_of_another_dealer_or_expired(self):
        claim = self._dealer_claim_case("SN-SDC1")
        claims = self.env[DEALER_CLAIM].with_user(self.aftersales_user)
        before = self._counts()
        for contract in (self.contract_b, self.contract_old):
            with self.subTest(contract=contract.name):
                with self.assertRaisesRegex(UserError, "not the active contract"):
                    claims.create(
                        {
                            "claim_id": claim.id,
                            "contract_id": contract.id,
                            "operation_line_ids": [
                                Command.create({"operation_id": self.op_pump.id})
                            ],
                        }
                    )
        self.assertEqual(self._counts(), before)
        dealer_claim = self._dealer_claim(claim)
        before = self._values(dealer_claim)
        for contract in (self.contract_b, self.contract_old):
            with self.subTest(contract=contract.name):
                with self.assertRaisesRegex(UserError, dealer_claim.name):
                    dealer_claim.with_user(self.aftersales_user).write(
                        {"contract_id": contract.id}
                    )
        self.assertEqual(self._values(dealer_claim), before)
        self.assertEqual(dealer_claim.contract_id, self.contract)

    def test_contract_rederived_at_submit(self):
        claim = self._dealer_claim_case("SN-SDC2")
        dealer_claim = self._dealer_claim(claim)
        # Written by the server (sudo) or left from an earlier contract: the
        # submission takes the dealer's active contract again.
        dealer_claim.sudo().contract_id = self.contract_old
        dealer_claim.with_user(self.aftersales_user).action_submit()
        self.assertEqual(dealer_claim.contract_id, self.contract)
        self.assertAlmostEqual(dealer_claim.amount_labour, 2.5 * 30)

    def test_flags_amounts_and_state_cannot_be_written(self):
        dealer_claim = self._flagged_submitted("SN-SDC3")
        user_claim = dealer_claim.with_user(self.aftersales_user)
        before, counts = self._values(dealer_claim), self._counts()
        for vals in (
            {"is_flagged": False},
            {"flag_type_not_allowed": False, "is_flagged": False},
            {"state": "approved"},
            {"amount_total": 9999.0},
            {"amount_labour": 9999.0},
            {"bill_id": False},
        ):
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(UserError, dealer_claim.name):
                    user_claim.write(vals)
        with self.assertRaisesRegex(UserError, "only an after-sales administrator"):
            user_claim.action_approve()
        self.assertEqual(self._values(dealer_claim), before)
        self.assertEqual(self._counts(), counts)
        # Nor on creation.
        claim = self._dealer_claim_case("SN-SDC3B", claim_type="refund")
        for vals in (
            {"is_flagged": False},
            {"state": "approved"},
            {"amount_total": 9999.0},
        ):
            with self.subTest(create=vals):
                with self.assertRaises(UserError):
                    user_claim.create({"claim_id": claim.id, **vals})
        self.assertEqual(self._counts(), counts)

    def test_line_amounts_and_hours(self):
        claim = self._dealer_claim_case("SN-SDC4")
        dealer_claim = self._dealer_claim(claim)
        line = dealer_claim.operation_line_ids[0].with_user(self.aftersales_user)
        part = dealer_claim.part_line_ids.with_user(self.aftersales_user)
        for record, vals in (
            (line, {"amount": 5000.0}),
            (part, {"amount": 5000.0}),
        ):
            with self.subTest(vals=vals, model=record._name):
                with self.assertRaisesRegex(UserError, dealer_claim.name):
                    record.write(vals)
        with self.assertRaises(UserError):
            self.env[OPERATION].with_user(self.aftersales_user).create(
                {
                    "dealer_claim_id": dealer_claim.id,
                    "operation_id": self.op_diag.id,
                    "amount": 5000.0,
                }
            )
        self.assertAlmostEqual(dealer_claim.amount_total, 163)
        # More hours than the flat rate, typed in draft: the claim is flagged
        # and a plain user cannot approve it.
        line.hours = 40
        self.assertTrue(dealer_claim.flag_hours_changed)
        self.assertTrue(dealer_claim.is_flagged)
        dealer_claim.with_user(self.aftersales_user).action_submit()
        with self.assertRaisesRegex(UserError, "only an after-sales administrator"):
            dealer_claim.with_user(self.aftersales_user).action_approve()
        self.assertEqual(dealer_claim.state, "submitted")
        self.assertFalse(dealer_claim.bill_id)

    def test_nothing_changes_after_submit(self):
        claim = self._dealer_claim_case("SN-SDC5")
        dealer_claim = self._dealer_claim(claim)
        dealer_claim.with_user(self.aftersales_user).action_submit()
        user_claim = dealer_claim.with_user(self.aftersales_user)
        line = user_claim.operation_line_ids[0]
        part = user_claim.part_line_ids
        other = self._dealer_claim_case("SN-SDC5B")
        before, counts = self._values(dealer_claim), self._counts()
        hours = dealer_claim.operation_line_ids.mapped("hours")
        attacks = [
            lambda: line.write({"hours": 40}),
            lambda: part.write({"quantity": 50}),
            lambda: line.unlink(),
            lambda: part.unlink(),
            lambda: (
                self.env[OPERATION]
                .with_user(self.aftersales_user)
                .create(
                    {
                        "dealer_claim_id": dealer_claim.id,
                        "operation_id": self.op_pump.id,
                    }
                )
            ),
            lambda: user_claim.write(
                {
                    "operation_line_ids": [
                        Command.create({"operation_id": self.op_pump.id})
                    ]
                }
            ),
            lambda: user_claim.write(
                {"part_line_ids": [Command.update(part.id, {"quantity": 99})]}
            ),
            lambda: user_claim.write({"claim_id": other.id}),
            lambda: user_claim.write({"partner_id": self.dealer_b.id}),
            lambda: user_claim.write({"contract_id": self.contract.id}),
            lambda: user_claim.action_reset_draft(),
        ]
        for index, attack in enumerate(attacks):
            with self.subTest(attack=index):
                with self.assertRaises(REFUSED):
                    attack()
        self.assertEqual(self._values(dealer_claim), before)
        self.assertEqual(self._counts(), counts)
        self.assertEqual(dealer_claim.operation_line_ids.mapped("hours"), hours)
        # A manager sends it back to draft; then it can change again.
        dealer_claim.with_user(self.aftersales_manager).action_reset_draft()
        self.assertEqual(dealer_claim.state, "draft")
        line.write({"hours": 0.5})

    def test_approved_and_paid_are_locked(self):
        claim = self._dealer_claim_case("SN-SDC6")
        dealer_claim = self._dealer_claim(claim)
        dealer_claim.with_user(self.aftersales_user).action_submit()
        dealer_claim.with_user(self.aftersales_user).action_approve()
        self.assertEqual(dealer_claim.state, "approved")
        user_claim = dealer_claim.with_user(self.aftersales_user)
        manager_claim = dealer_claim.with_user(self.aftersales_manager)
        before, counts = self._values(dealer_claim), self._counts()
        for index, attack in enumerate(
            [
                lambda: user_claim.write({"note": "<p>changed</p>"}),
                lambda: user_claim.write({"date": fields.Date.today()}),
                lambda: manager_claim.write({"note": "<p>changed</p>"}),
                lambda: user_claim.action_reset(),
                lambda: user_claim.action_reset_draft(),
                lambda: manager_claim.action_reset_draft(),
                lambda: user_claim.operation_line_ids[0].write({"hours": 9}),
                lambda: user_claim.write({"state": "draft"}),
            ]
        ):
            with self.subTest(attack=index):
                with self.assertRaises(REFUSED):
                    attack()
        self.assertEqual(self._values(dealer_claim), before)
        self.assertEqual(self._counts(), counts)
        # The server's own move (the bill is paid) still happens.
        bill = dealer_claim.bill_id.sudo()
        bill.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({})._create_payments()
        self.assertEqual(dealer_claim.state, "paid")
        with self.assertRaises(REFUSED):
            user_claim.write({"note": "<p>changed</p>"})

    def test_no_sequence_unflags_a_claim(self):
        """submit flagged, unflag, approve; reject, reset, edit, approve;
        the data changes after submit, approve."""
        dealer_claim = self._flagged_submitted("SN-SDC7")
        user_claim = dealer_claim.with_user(self.aftersales_user)
        with self.assertRaises(UserError):
            user_claim.write({"is_flagged": False, "flag_type_not_allowed": False})
        with self.assertRaisesRegex(UserError, "only an after-sales administrator"):
            user_claim.action_approve()
        # Rejected, back to draft by the user, edited and submitted again:
        # still flagged.
        user_claim.action_reject()
        user_claim.action_reset()
        user_claim.write({"note": "<p>Please</p>"})
        user_claim.action_submit()
        self.assertTrue(dealer_claim.is_flagged)
        with self.assertRaisesRegex(UserError, "only an after-sales administrator"):
            user_claim.action_approve()
        self.assertFalse(dealer_claim.bill_id)
        # A clean claim whose contract stops covering the product after the
        # submission: the approval recomputes the flags and refuses.
        claim = self._dealer_claim_case("SN-SDC8")
        clean = self._dealer_claim(claim)
        clean.with_user(self.aftersales_user).action_submit()
        self.assertFalse(clean.is_flagged)
        other_category = self.env["product.category"].create({"name": "Other (test)"})
        self.contract.sudo().product_categ_ids = [Command.set(other_category.ids)]
        counts = self._counts()
        with self.assertRaisesRegex(UserError, "only an after-sales administrator"):
            clean.with_user(self.aftersales_user).action_approve()
        self.assertEqual(self._counts(), counts)
        self.assertEqual(clean.state, "submitted")
        self.contract.sudo().product_categ_ids = [Command.set(self.category.ids)]
        # The customer claim's unit loses its coverage after the submission.
        claim.warranty_id.sudo().action_void()
        with self.assertRaisesRegex(UserError, "only an after-sales administrator"):
            clean.with_user(self.aftersales_user).action_approve()
        self.assertEqual(clean.state, "submitted")
        self.assertTrue(clean.flag_warranty_expired)
        # A manager decides.
        clean.with_user(self.aftersales_manager).action_approve()
        self.assertEqual(clean.state, "approved")


@tagged("post_install", "-at_install")
class TestUserDealerClaimRpc(DealerClaimAttackCommon, AftersalesRpcMixin, HttpCase):
    def test_rpc_attacks(self):
        claim = self._dealer_claim_case("SN-SDR1")
        self.authenticate("as_user", "as_userx")
        counts = self._counts()
        message = self.assertRpcRefused(
            DEALER_CLAIM,
            "create",
            [{"claim_id": claim.id, "contract_id": self.contract_b.id}],
        )
        self.assertIn("UserError", message)
        self.assertRpcRefused(
            DEALER_CLAIM,
            "create",
            [{"claim_id": claim.id, "contract_id": self.contract_old.id}],
        )
        self.assertEqual(self._counts(), counts)
        dealer_claim = self._flagged_submitted("SN-SDR2")
        before, counts = self._values(dealer_claim), self._counts()
        for vals in (
            {"is_flagged": False, "flag_type_not_allowed": False},
            {"state": "approved"},
            {"amount_total": 9999.0},
            {"contract_id": self.contract_b.id},
            {"operation_line_ids": [Command.create({"operation_id": self.op_pump.id})]},
        ):
            with self.subTest(vals=vals):
                message = self.assertRpcRefused(
                    DEALER_CLAIM, "write", [dealer_claim.id], vals
                )
                self.assertIn(dealer_claim.name, message)
        line = dealer_claim.operation_line_ids[0]
        self.assertRpcRefused(OPERATION, "write", [line.id], {"hours": 40})
        self.assertRpcRefused(OPERATION, "write", [line.id], {"amount": 4000})
        self.assertRpcRefused(OPERATION, "unlink", [line.id])
        message = self.assertRpcRefused(
            DEALER_CLAIM, "action_approve", [dealer_claim.id]
        )
        self.assertIn("only an after-sales administrator", message)
        self.assertRpcRefused(DEALER_CLAIM, "action_reset_draft", [dealer_claim.id])
        self.assertEqual(self._values(dealer_claim), before)
        self.assertEqual(self._counts(), counts)
