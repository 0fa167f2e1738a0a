# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesWarrantyCommon
from .test_claim_steps import StepsCase
from .test_dealer import DealerCommon
from .test_loan import LoanCommon
from .test_security_user_supplier import SupplierAttackCommon


@tagged("post_install", "-at_install")
class TestLoanSteps(StepsCase, LoanCommon):
    def test_buttons_match_what_the_actions_accept(self):
        claim = self._received_claim("SN-LSTEP")
        unit = self._loaners(self.product_serial, ["SN-LSTEP-L"])
        loan = self.loans.create(
            {
                "claim_id": claim.id,
                "lot_id": unit.id,
                "date_due": fields.Date.today(),
            }
        )
        self._check_steps(
            loan,
            {
                "lend": "action_lend",
                "return": "action_return",
                "cancel": "action_cancel",
            },
        )


@tagged("post_install", "-at_install")
class TestDealerClaimSteps(StepsCase, DealerCommon):
    def test_buttons_match_what_the_actions_accept(self):
        dealer_claim = self._dealer_claim(self._dealer_claim_case("SN-DSTEP"))
        self._check_steps(
            dealer_claim,
            {
                "submit": "action_submit",
                "approve": "action_approve",
                "reject": "action_reject",
                "reset": "action_reset",
                "reset_draft": "action_reset_draft",
            },
        )


@tagged("post_install", "-at_install")
class TestSupplierClaimSteps(StepsCase, SupplierAttackCommon):
    def test_buttons_match_what_the_actions_accept(self):
        lot = self._buy(self.product_serial, "SN-SSTEP")
        claim = (
            self.env["aftersales.supplier.claim"]
            .with_user(self.claimer)
            .create(self._values(lot))
        )
        self._check_steps(
            claim,
            {
                "send": "action_send",
                "accept": "action_accept",
                "credit": "action_credit",
                "refuse": "action_refuse",
            },
        )


@tagged("post_install", "-at_install")
class TestContractSteps(StepsCase, DealerCommon):
    def test_buttons_match_what_the_actions_accept(self):
        self._check_steps(
            self.contract.with_user(self.aftersales_manager),
            {
                "activate": "action_activate",
                "terminate": "action_terminate",
                "draft": "action_draft",
            },
        )


@tagged("post_install", "-at_install")
class TestWithdrawalProposalSteps(StepsCase, AftersalesWarrantyCommon):
    def test_buttons_match_what_the_actions_accept(self):
        proposal = (
            self.env["aftersales.withdrawal.proposal"]
            .with_user(self.aftersales_manager)
            .create(
                {
                    "product_id": self.product_serial.id,
                    "date_from": fields.Date.today() - timedelta(days=30),
                    "date_to": fields.Date.today(),
                }
            )
        )
        self._check_steps(
            proposal,
            {
                "decide": "action_keep",
                "reopen": "action_reopen",
            },
        )
        for method in ("action_fix", "action_stop"):
            proposal.sudo().state = "decided"
            self.assertFalse(proposal.can_decide)
            with self.assertRaises(UserError):
                getattr(proposal, method)()


@tagged("post_install", "-at_install")
class TestWarrantySteps(StepsCase, AftersalesWarrantyCommon):
    def test_buttons_match_what_the_actions_accept(self):
        self._stock(self.product_serial, serials=["SN-WSTEP"])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        warranty = self._warranties(order).with_user(self.aftersales_manager)
        self._check_steps(
            warranty, {"void": "action_void", "reactivate": "action_reactivate"}
        )
