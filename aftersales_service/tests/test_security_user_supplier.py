# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AftersalesRpcMixin
from .test_parts import PartsCommon

CLAIM = "aftersales.supplier.claim"


class SupplierAttackCommon(PartsCommon):
    """Units and parts bought from a vendor whose price list gives them a
    supplier warranty, and a plain After-Sales user who claims them back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claimer = new_test_user(
            cls.env,
            login="as_sup_user",
            password="as_sup_user",
            groups="aftersales_service.group_aftersales_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.vendor_b = cls.env["res.partner"].create({"name": "Other vendor (test)"})
        cls.product_serial.seller_ids = [
            Command.create(
                {
                    "partner_id": cls.vendor.id,
                    "price": 300.0,
                    "aftersales_warranty_months": 12,
                }
            ),
            # Another vendor would give three years: not the one we bought from.
            Command.create(
                {
                    "partner_id": cls.vendor_b.id,
                    "price": 280.0,
                    "aftersales_warranty_months": 36,
                }
            ),
        ]
        cls.product_lot.seller_ids = [
            Command.create(
                {
                    "partner_id": cls.vendor.id,
                    "price": 8.0,
                    "aftersales_warranty_months": 12,
                }
            )
        ]

    def _buy(self, product, lot_name, quantity=1, price=310.0, months_ago=3):
        """The lot ``lot_name`` of ``quantity`` units of ``product`` bought
        from the vendor at ``price`` and received ``months_ago`` months ago."""
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": quantity,
                            "price_unit": price,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        receipt.move_ids.move_line_ids.write({"lot_name": lot_name})
        receipt.move_ids.picked = True
        receipt.button_validate()
        receipt.move_ids.move_line_ids.date = fields.Datetime.now() - relativedelta(
            months=months_ago, days=1
        )
        return receipt.move_ids.move_line_ids.lot_id

    def _values(self, lot, **values):
        return {"product_id": lot.product_id.id, "lot_id": lot.id, **values}

    def _counts(self):
        env = self.env(su=True)
        return (
            env[CLAIM].search_count([]),
            env["account.move"].search_count([("move_type", "=", "in_refund")]),
            env["stock.picking"].search_count([]),
        )

    def _snapshot(self, claim):
        claim.invalidate_recordset()
        return claim.sudo().read(
            [
                "state",
                "partner_id",
                "product_id",
                "lot_id",
                "quantity",
                "amount_expected",
                "amount_recovered",
                "credit_note_id",
                "picking_id",
                "outside_terms",
                "date_purchased",
                "supplier_warranty_months",
            ]
        )

    def _assert_refused(self, call, message, claim=None):
        """``call`` raises a user error matching ``message``; no supplier
        claim, vendor credit note or transfer is made, ``claim`` unchanged."""
        before = (self._counts(), claim and self._snapshot(claim))
        # (assertRaises rolls back to a savepoint, as a refused request is.)
        with self.assertRaises(UserError) as caught:
            call()
        self.assertRegex(str(caught.exception), message)
        self.env.invalidate_all()
        self.assertEqual((self._counts(), claim and self._snapshot(claim)), before)

    def _manager_sent(self, lot, **values):
        claim = (
            self.env[CLAIM]
            .with_user(self.aftersales_manager)
            .create(self._values(lot, **values))
        )
        claim.action_send()
        return claim


@tagged("post_install", "-at_install")
class TestUserSupplierClaimTerms(SupplierAttackCommon):
    """Item 1: the vendor's terms come from the receipt and the price list."""

    def test_forged_receipt_and_warranty_do_not_open_the_gate(self):
        lot = self._buy(self.product_serial, "SN-GATE1", months_ago=14)
        claims = self.env[CLAIM].with_user(self.claimer)
        forged = {
            "date_purchased": fields.Date.today() - timedelta(days=30),
            "supplier_warranty_months": 36,
        }
        self._assert_refused(
            lambda: claims.create(self._values(lot, **forged)).action_send(),
            "Received On|Supplier Warranty",
        )
        self._assert_refused(
            lambda: claims.create(self._values(lot, outside_terms=False)),
            "Outside Terms",
        )
        # Backdating the claim does not bring the unit back within the terms.
        self._assert_refused(
            lambda: claims.create(
                self._values(lot, date=fields.Date.today() - relativedelta(months=13))
            ),
            "only an after-sales administrator",
        )

    def test_another_vendors_terms_do_not_open_the_gate(self):
        lot = self._buy(self.product_serial, "SN-GATE2", months_ago=14)
        claims = self.env[CLAIM].with_user(self.claimer)
        self._assert_refused(
            lambda: claims.create(
                self._values(lot, partner_id=self.vendor_b.id)
            ).action_send(),
            "only an after-sales administrator",
        )

    def test_edits_of_a_managers_draft_do_not_open_the_gate(self):
        lot = self._buy(self.product_serial, "SN-GATE3", months_ago=14)
        draft = (
            self.env[CLAIM].with_user(self.aftersales_manager).create(self._values(lot))
        )
        self.assertTrue(draft.outside_terms)
        mine = draft.with_user(self.claimer)
        for forged in (
            {"outside_terms": False},
            {"date_purchased": fields.Date.today()},
            {"supplier_warranty_months": 60},
        ):
            self._assert_refused(
                lambda forged=forged: mine.write(forged), draft.name, claim=draft
            )
        self._assert_refused(
            lambda: mine.write({"partner_id": self.vendor_b.id}),
            "only an after-sales administrator",
            claim=draft,
        )
        self._assert_refused(
            mine.action_send, "only an after-sales administrator", claim=draft
        )

    def test_gate_holds_at_accept_and_credit(self):
        lot = self._buy(self.product_serial, "SN-GATE4", months_ago=14)
        sent = self._manager_sent(lot)
        mine = sent.with_user(self.claimer)
        self._assert_refused(
            mine.action_accept, "only an after-sales administrator", claim=sent
        )
        sent.with_user(self.aftersales_manager).action_accept()
        self._assert_refused(
            mine.action_credit, "only an after-sales administrator", claim=sent
        )
        sent.with_user(self.aftersales_manager).action_credit()
        self.assertEqual(sent.state, "credited")

    def test_gate_counts_at_the_day_the_claim_was_sent(self):
        """A claim sent within the terms is accepted and credited by the
        user even when the vendor answers after the warranty ended; the
        terms are read again from the receipt at each step."""
        lot = self._buy(self.product_serial, "SN-GATE5", months_ago=3)
        claim = self.env[CLAIM].with_user(self.claimer).create(self._values(lot))
        self.assertFalse(claim.outside_terms)
        claim.action_send()
        self.assertEqual(claim.date_sent, fields.Date.context_today(claim))
        claim.sudo().date_sent = fields.Date.today() - relativedelta(months=2)
        # The receipt turns out to be older than the claim said.
        self.env["stock.move.line"].search([("lot_id", "=", lot.id)]).date = (
            fields.Datetime.now() - relativedelta(months=20)
        )
        self._assert_refused(
            claim.action_accept, "only an after-sales administrator", claim=claim
        )
        self.env["stock.move.line"].search([("lot_id", "=", lot.id)]).date = (
            fields.Datetime.now() - relativedelta(months=13)
        )
        claim.action_accept()
        claim.action_credit()
        self.assertEqual(claim.state, "credited")
        self.assertEqual(claim.sudo().credit_note_id.amount_untaxed, 310.0)


@tagged("post_install", "-at_install")
class TestUserSupplierClaimCredit(SupplierAttackCommon):
    """Item 2: a credit is capped at what we paid, and made once."""

    def test_expected_credit_above_the_price_paid(self):
        lot = self._buy(self.product_serial, "SN-CAP1", price=310.0)
        claims = self.env[CLAIM].with_user(self.claimer)
        self._assert_refused(
            lambda: claims.create(self._values(lot, amount_expected=5000.0)),
            "more than the 310.00",
        )
        claim = claims.create(self._values(lot))
        self.assertEqual(claim.amount_expected, 310.0)
        self._assert_refused(
            lambda: claim.write({"amount_expected": 5000.0}), claim.name, claim=claim
        )
        self._assert_refused(
            lambda: claim.write({"quantity": 3}), "received 1.0", claim=claim
        )
        # Less than the price paid is the user's call.
        claim.amount_expected = 250.0
        claim.action_send()
        claim.action_accept()
        claim.action_credit()
        self.assertEqual(claim.credit_note_id.sudo().amount_untaxed, 250.0)

    def test_credit_note_grown_before_posting(self):
        lot = self._buy(self.product_serial, "SN-CAP2", price=310.0)
        claim = self.env[CLAIM].with_user(self.claimer).create(self._values(lot))
        claim.action_send()
        claim.action_accept()
        claim.sudo().credit_note_id.invoice_line_ids.price_unit = 900.0
        self._assert_refused(claim.action_credit, claim.name, claim=claim)

    def test_lot_quantities_are_claimed_once(self):
        lot = self._buy(self.product_lot, "LOT-CAP3", quantity=10, price=8.0)
        claims = self.env[CLAIM].with_user(self.claimer)
        first = claims.create(self._values(lot, quantity=4))
        self.assertEqual(first.amount_expected, 32.0)
        self._assert_refused(
            lambda: claims.create(self._values(lot, quantity=7)), "6.0 left"
        )
        second = claims.create(self._values(lot, quantity=6))
        self.assertEqual(second.amount_expected, 48.0)
        self._assert_refused(
            lambda: claims.create(self._values(lot, quantity=1)), "0.0 left"
        )

    def test_second_claim_for_the_same_unit(self):
        lot = self._buy(self.product_serial, "SN-ONCE1")
        claims = self.env[CLAIM].with_user(self.claimer)
        first = claims.create(self._values(lot))
        first.action_send()
        first.action_accept()
        first.action_credit()
        self._assert_refused(lambda: claims.create(self._values(lot)), first.name)
        # Re-running the steps or putting the state back does not credit again.
        self._assert_refused(first.action_accept, "it is credited", claim=first)
        self._assert_refused(first.action_credit, "it is credited", claim=first)
        self._assert_refused(
            lambda: first.write({"state": "sent"}), first.name, claim=first
        )
        self._assert_refused(
            lambda: claims.create(self._values(lot, state="credited")),
            "Status",
        )
        # Copying the claim is a second claim.
        self._assert_refused(first.copy, first.name)

    def test_a_refused_claim_can_be_claimed_again(self):
        lot = self._buy(self.product_serial, "SN-ONCE2")
        claims = self.env[CLAIM].with_user(self.claimer)
        first = claims.create(self._values(lot))
        first.action_send()
        first.action_refuse()
        second = claims.create(self._values(lot))
        second.action_send()
        self.assertEqual(second.state, "sent")

    def test_refusing_after_the_credit_note_is_posted(self):
        lot = self._buy(self.product_serial, "SN-ONCE3")
        claims = self.env[CLAIM].with_user(self.claimer)
        first = claims.create(self._values(lot))
        first.action_send()
        first.action_accept()
        first.credit_note_id.sudo().action_post()
        self._assert_refused(first.action_refuse, first.name, claim=first)

    def test_server_fields_are_not_writable(self):
        lot = self._buy(self.product_serial, "SN-SRV1")
        other = self._buy(self.product_serial, "SN-SRV2")
        claims = self.env[CLAIM].with_user(self.claimer)
        credited = claims.create(self._values(other))
        credited.action_send()
        credited.action_accept()
        credited.action_credit()
        claim = claims.create(self._values(lot))
        for forged in (
            {"credit_note_id": credited.credit_note_id.id},
            {"amount_recovered": 310.0},
            {"picking_id": credited.picking_id.id},
            {"state": "credited"},
        ):
            self._assert_refused(
                lambda forged=forged: claim.write(forged), claim.name, claim=claim
            )
        # A default from the client's context is not taken either.
        third = self._buy(self.product_serial, "SN-SRV3")
        made = claims.with_context(
            default_state="credited",
            default_credit_note_id=credited.credit_note_id.id,
            default_amount_recovered=310.0,
        ).create(self._values(third))
        self.assertEqual(made.state, "draft")
        self.assertFalse(made.credit_note_id)
        self.assertFalse(made.amount_recovered)
        # The manager cannot write them either: only the steps do.
        self._assert_refused(
            lambda: claim.with_user(self.aftersales_manager).write(
                {"state": "credited"}
            ),
            claim.name,
            claim=claim,
        )


@tagged("post_install", "-at_install")
class TestUserSupplierClaimLock(SupplierAttackCommon):
    """Item 3: what was sent to the vendor does not change."""

    def test_sent_claim_is_locked(self):
        lot = self._buy(self.product_serial, "SN-LOCK1")
        other = self._buy(self.product_serial, "SN-LOCK2")
        claim = self.env[CLAIM].with_user(self.claimer).create(self._values(lot))
        claim.action_send()
        for forged in (
            {"quantity": 0.5},
            {"amount_expected": 100.0},
            {"lot_id": other.id},
            {"product_id": self.board.id},
            {"partner_id": self.vendor_b.id},
        ):
            for user in (self.claimer, self.aftersales_manager):
                self._assert_refused(
                    lambda forged=forged, user=user: claim.with_user(user).write(
                        forged
                    ),
                    claim.name,
                    claim=claim,
                )
        claim.with_user(self.aftersales_manager).note = "<p>Vendor asks for photos</p>"
        self.assertIn("photos", claim.note)
        claim.action_accept()
        self._assert_refused(
            lambda: claim.with_user(self.aftersales_manager).write(
                {"amount_expected": 10.0}
            ),
            claim.name,
            claim=claim,
        )

    def test_lot_of_another_product(self):
        lot = self._buy(self.product_serial, "SN-LOCK3")
        self._assert_refused(
            lambda: (
                self.env[CLAIM]
                .with_user(self.claimer)
                .create({"product_id": self.board.id, "lot_id": lot.id})
            ),
            "SN-LOCK3",
        )


@tagged("post_install", "-at_install")
class TestUserSupplierClaimRpc(SupplierAttackCommon, AftersalesRpcMixin, HttpCase):
    """The same attacks as an RPC client makes them."""

    def _rpc_refused(self, message, method, *args, claim=None, **kwargs):
        before = (self._counts(), claim and self._snapshot(claim))
        error = self.assertRpcRefused(CLAIM, method, *args, **kwargs)
        self.assertRegex(error, message)
        self.env.invalidate_all()
        self.assertEqual((self._counts(), claim and self._snapshot(claim)), before)
        return error

    def test_rpc_gate(self):
        lot = self._buy(self.product_serial, "SN-RPC1", months_ago=14)
        self.authenticate("as_sup_user", "as_sup_user")
        self._rpc_refused(
            "Error: .*Received On",
            "create",
            self._values(
                lot,
                date_purchased=fields.Date.to_string(fields.Date.today()),
                supplier_warranty_months=36,
            ),
        )
        self._rpc_refused(
            "only an after-sales administrator",
            "create",
            self._values(lot, partner_id=self.vendor_b.id),
        )
        draft = (
            self.env[CLAIM].with_user(self.aftersales_manager).create(self._values(lot))
        )
        self._rpc_refused(
            draft.name, "write", [draft.id], {"outside_terms": False}, claim=draft
        )
        self._rpc_refused(
            "only an after-sales administrator", "action_send", [draft.id], claim=draft
        )
        draft.with_user(self.aftersales_manager).action_send()
        self._rpc_refused(
            "only an after-sales administrator",
            "action_accept",
            [draft.id],
            claim=draft,
        )

    def test_rpc_credit_once_and_capped(self):
        lot = self._buy(self.product_serial, "SN-RPC2")
        self.authenticate("as_sup_user", "as_sup_user")
        claim_id = self.call_kw(CLAIM, "create", self._values(lot))
        claim = self.env[CLAIM].browse(claim_id)
        self._rpc_refused(
            "more than the 310.00",
            "write",
            [claim_id],
            {"amount_expected": 5000.0},
            claim=claim,
        )
        self._rpc_refused(
            claim.name,
            "write",
            [claim_id],
            {"state": "accepted"},
            claim=claim,
        )
        self.call_kw(CLAIM, "action_send", [claim_id])
        self._rpc_refused(claim.name, "write", [claim_id], {"quantity": 2}, claim=claim)
        self.call_kw(CLAIM, "action_accept", [claim_id])
        self.call_kw(CLAIM, "action_credit", [claim_id])
        self.env.invalidate_all()
        self.assertEqual(claim.state, "credited")
        self.assertEqual(claim.sudo().credit_note_id.amount_untaxed, 310.0)
        self._rpc_refused("it is credited", "action_accept", [claim_id], claim=claim)
        self._rpc_refused(claim.name, "create", self._values(lot))
        self._rpc_refused(
            claim.name,
            "write",
            [claim_id],
            {"credit_note_id": False, "state": "sent"},
            claim=claim,
        )
        made_id = self.call_kw(
            CLAIM,
            "create",
            self._values(self._buy(self.product_serial, "SN-RPC3")),
            context={"default_state": "credited", "default_amount_recovered": 1e6},
        )
        made = self.env[CLAIM].browse(made_id)
        self.assertEqual((made.state, made.amount_recovered), ("draft", 0.0))
