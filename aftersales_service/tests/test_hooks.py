# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The ``_prepare_*_vals`` hooks: an addon that extends one (super(), then
adds a value) changes the document the claim's step creates."""

from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from ..controllers.portal import AftersalesPortal
from .common import AftersalesWarrantyCommon
from .test_dealer import DealerCommon
from .test_loan import LoanCommon
from .test_portal import PortalCommon
from .test_security_user_supplier import SupplierAttackCommon


class HookCase:
    def _extend(self, model, method, **extra):
        """``method`` of ``model`` extended as another addon would: its
        values, and ``extra``."""
        cls = type(self.env[model])
        original = getattr(cls, method)

        def extended(record, *args, **kwargs):
            return {**original(record, *args, **kwargs), **extra}

        return patch.object(cls, method, extended)


@tagged("post_install", "-at_install")
class TestClaimHooks(HookCase, AftersalesWarrantyCommon):
    def setUp(self):
        super().setUp()
        self.claims = self.env["aftersales.claim"].with_user(self.aftersales_user)

    def _sold(self, serial):
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        return order

    def test_credit_note_hook(self):
        order = self._sold("SN-HK1")
        order._create_invoices().action_post()
        claim = self.claims.create(
            {"serial": "SN-HK1", "claim_type": "refund", "refund_amount": 100}
        )
        with self._extend(
            "aftersales.claim", "_prepare_credit_note_vals", ref="HOOK-CN"
        ):
            claim.action_refund()
        credit_note = claim.sudo().invoice_ids
        self.assertEqual(credit_note.ref, "HOOK-CN")
        self.assertAlmostEqual(credit_note.amount_total, 100.0, places=2)

    def test_repair_hook(self):
        self._sold("SN-HK2")
        claim = self.claims.create({"serial": "SN-HK2"})
        claim.action_receive()
        with self._extend(
            "aftersales.claim", "_prepare_repair_vals", internal_notes="Hooked"
        ):
            claim.action_create_repair()
        self.assertIn("Hooked", str(claim.sudo().repair_ids.internal_notes))

    def test_leg_and_unit_transfer_hooks(self):
        self._sold("SN-HK3")
        claim = self.claims.create({"serial": "SN-HK3"})
        with (
            self._extend("aftersales.claim", "_prepare_leg_vals", origin="HOOK-LEG"),
            self._extend(
                "stock.picking",
                "_prepare_aftersales_unit_transfer_vals",
                note="Hooked transfer",
            ),
        ):
            claim.action_receive()
        receipt = claim.sudo().picking_ids
        self.assertEqual(receipt.origin, "HOOK-LEG")
        self.assertIn("Hooked transfer", str(receipt.note))
        self.assertEqual(receipt.state, "done")


@tagged("post_install", "-at_install")
class TestLoanHooks(HookCase, LoanCommon):
    def test_transfer_hook(self):
        self._loaners(self.product_serial, ["LN-HK1"])
        claim = self._received_claim("SN-HK4")
        with self._extend(
            "aftersales.loan", "_prepare_transfer_vals", origin="HOOK-LOAN"
        ):
            loan = self._lend(claim)
        self.assertEqual(loan.sudo().picking_out_id.origin, "HOOK-LOAN")


@tagged("post_install", "-at_install")
class TestDealerHooks(HookCase, DealerCommon):
    def test_bill_hook(self):
        dealer_claim = self._dealer_claim(self._dealer_claim_case("SN-HK5"))
        dealer_claim.action_submit()
        with self._extend(
            "aftersales.dealer.claim", "_prepare_bill_vals", narration="Hooked"
        ):
            dealer_claim.with_user(self.aftersales_user).action_approve()
        bill = dealer_claim.bill_id.sudo()
        self.assertIn("Hooked", str(bill.narration))
        self.assertAlmostEqual(bill.amount_untaxed, 163)


@tagged("post_install", "-at_install")
class TestSupplierHooks(HookCase, SupplierAttackCommon):
    def test_return_and_credit_note_hooks(self):
        lot = self._buy(self.product_serial, "SN-HK6")
        with self._extend(
            "aftersales.supplier.claim", "_prepare_return_vals", origin="HOOK-RET"
        ):
            claim = self._manager_sent(lot).with_user(self.aftersales_manager)
        with self._extend(
            "aftersales.supplier.claim",
            "_prepare_credit_note_vals",
            invoice_origin="HOOK-ORIGIN",
        ):
            claim.action_accept()
        claim.action_credit()
        self.assertEqual(claim.sudo().picking_id.origin, "HOOK-RET")
        credit_note = claim.sudo().credit_note_id
        self.assertEqual(credit_note.invoice_origin, "HOOK-ORIGIN")
        self.assertAlmostEqual(credit_note.amount_untaxed, claim.amount_expected)


@tagged("post_install", "-at_install")
class TestPortalHooks(PortalCommon, HttpCase):
    def test_claims_domain_and_sortings_hooks(self):
        self._unit("SN-HK7")
        self._unit("SN-HK8")
        kept = self._claim("SN-HK7")
        cancelled = self._claim("SN-HK8")
        cancelled.sudo().state = "cancelled"
        domain = AftersalesPortal._prepare_aftersales_claims_domain
        sortings = AftersalesPortal._get_aftersales_claims_searchbar_sortings

        def open_claims_only(controller, partner):
            return [*domain(controller, partner), ("state", "!=", "cancelled")]

        def by_serial(controller):
            return {
                **sortings(controller),
                "serial": {"label": "By Serial (hook)", "order": "serial, id"},
            }

        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open("/my/claims")
        self.assertIn(cancelled.name, page.text)
        with (
            patch.object(
                AftersalesPortal, "_prepare_aftersales_claims_domain", open_claims_only
            ),
            patch.object(
                AftersalesPortal, "_get_aftersales_claims_searchbar_sortings", by_serial
            ),
        ):
            page = self.url_open("/my/claims?sortby=serial")
        self.assertEqual(page.status_code, 200)
        self.assertIn(kept.name, page.text)
        self.assertNotIn(cancelled.name, page.text)
        self.assertIn("By Serial (hook)", page.text)


@tagged("post_install", "-at_install")
class TestStatButtons(LoanCommon):
    def test_each_stat_button_opens_its_documents(self):
        self._loaners(self.product_serial, ["LN-HK2"])
        claim = self._received_claim("SN-HK9")
        loan = self._lend(claim)
        documents = {
            "action_view_pickings": claim.picking_ids,
            "action_view_repairs": claim.repair_ids,
            "action_view_sale_orders": claim.sudo().sale_order_ids,
            "action_view_invoices": claim.sudo().invoice_ids,
            "action_view_loans": loan,
            "action_view_supplier_claims": claim.supplier_claim_ids,
            "action_view_dealer_claims": claim.sudo().dealer_claim_ids,
        }
        for method, records in documents.items():
            with self.subTest(method=method):
                # The user, without accounting rights, opens each.
                action = getattr(claim, method)()
                self.assertEqual(action["type"], "ir.actions.act_window")
                self.assertEqual(action["res_model"], records._name)
                self.assertEqual(
                    self.env[records._name].sudo().search(action["domain"]), records
                )
                context = action["context"]
                self.assertIn(
                    (
                        context.get("default_company_id"),
                        context.get("default_claim_id"),
                    ),
                    ((claim.company_id.id, None), (None, claim.id)),
                )
        action = claim.action_view_loans()
        self.assertEqual((action["view_mode"], action["res_id"]), ("form", loan.id))
        self.assertEqual(len(claim.picking_ids), 2)
        self.assertFalse(claim.action_view_pickings().get("res_id"))
