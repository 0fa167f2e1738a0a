# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A plain after-sales user, and an RPC integrator with that user's rights,
attack the claim: coverage, the workflow fields, the owner checks, refunds
and who follows the claim."""

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AftersalesRpcMixin, AftersalesWarrantyCommon


class ClaimAttackCommon(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rpc_user = new_test_user(
            cls.env,
            login="as_rpc_user",
            password="as_rpc_user",
            groups="aftersales_service.group_aftersales_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.claims = cls.env["aftersales.claim"].with_user(cls.rpc_user)
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other customer (test)", "email": "other@example.com"}
        )
        cls.customer.email = "customer@example.com"

    def _unit(self, serial, partner=None, extension=False):
        self._stock(self.product_serial, serials=[serial])
        lines = [(self.product_serial, 1)]
        if extension:
            lines.append((self.product_extension, 1, 0))
        order = self._sell(lines, partner=partner)
        self._deliver(order.picking_ids)
        return self._warranties(order)


@tagged("post_install", "-at_install")
class TestClaimUnitFromAnyKey(ClaimAttackCommon):
    def test_lot_warranty_or_serial_give_the_same_answer(self):
        layers = self._unit("SN-AK1", extension=True)
        base = layers.filtered(lambda w: not w.parent_id)
        extension = layers - base
        self.assertTrue(extension.date_start > fields.Date.today())
        typed = self.claims.create({"serial": "SN-AK1"})
        by_lot = self.claims.create({"lot_id": base.lot_id.id})
        # The extension's id names the unit too; the layer in force is found.
        by_warranty = self.claims.create({"warranty_id": extension.id})
        for claim in (typed, by_lot, by_warranty):
            with self.subTest(claim=claim.name):
                self.assertEqual(claim.warranty_id, base)
                self.assertEqual(claim.serial, "SN-AK1")
                self.assertEqual(claim.lot_id, base.lot_id)
                self.assertEqual(claim.product_id, self.product_serial)
                self.assertEqual(claim.partner_id, self.customer)
                self.assertEqual(claim.coverage, "in_warranty")
        # Once the base layer is over, the extension is in force.
        with freeze_time(base.date_end + relativedelta(days=1)):
            later = self.claims.create({"lot_id": base.lot_id.id})
            self.assertEqual(later.warranty_id, extension)
            self.assertEqual(later.coverage, "in_warranty")

    def test_never_another_products_or_companys_lot(self):
        self._unit("SN-AK2")
        other_product = self.env["product.product"].create(
            {"name": "Dryer (test)", "is_storable": True, "tracking": "serial"}
        )
        self._stock(other_product, serials=["SN-AK2"])
        before = self.env["aftersales.claim"].search_count([])
        with self.assertRaises(UserError) as refused:
            self.claims.create({"serial": "SN-AK2"})
        self.assertIn("choose the product", str(refused.exception))
        claim = self.claims.create(
            {"serial": "SN-AK2", "product_id": self.product_serial.id}
        )
        self.assertEqual(claim.lot_id.product_id, self.product_serial)
        self.assertEqual(claim.coverage, "in_warranty")
        foreign = self.env["stock.lot"].create(
            {
                "name": "SN-AK3",
                "product_id": self.product_serial.id,
                "company_id": self.company_b.id,
            }
        )
        with self.assertRaises(UserError):
            self.claims.create({"lot_id": foreign.id})
        with self.assertRaises(UserError):
            self.claims.create({"serial": "SN-AK3"})
        self.assertEqual(self.env["aftersales.claim"].search_count([]), before + 1)

    def test_keys_that_disagree_are_refused(self):
        mine = self._unit("SN-AK4")
        theirs = self._unit("SN-AK5", partner=self.other_customer)
        before = self.env["aftersales.claim"].search_count([])
        with self.assertRaises(UserError):
            self.claims.create({"serial": "SN-AK4", "warranty_id": theirs.id})
        with self.assertRaises(UserError):
            self.claims.create({"lot_id": mine.lot_id.id, "warranty_id": theirs.id})
        self.assertEqual(self.env["aftersales.claim"].search_count([]), before)


@tagged("post_install", "-at_install")
class TestClaimOwnerChecksAfterEdits(ClaimAttackCommon):
    def test_another_customers_unit_needs_a_manager_after_creation(self):
        self._unit("SN-OW1")
        theirs = self._unit("SN-OW2", partner=self.other_customer)
        claim = self.claims.create({"serial": "SN-OW1"})
        for vals in (
            {"partner_id": self.other_customer.id},
            {"warranty_id": theirs.id},
            {"lot_id": theirs.lot_id.id},
            {"serial": "SN-OW2"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                claim.write(vals)
            claim.invalidate_recordset()
            self.assertEqual(claim.partner_id, self.customer)
            self.assertEqual(claim.serial, "SN-OW1")
        # A manager may, with a note in the chatter.
        claim.with_user(self.aftersales_manager).partner_id = self.other_customer
        self.assertIn("belongs to", claim.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestClaimWorkflowFields(ClaimAttackCommon):
    def test_steps_fields_cannot_be_written(self):
        expired = self._unit("SN-WF1")
        expired.date_start = fields.Date.today() - relativedelta(years=3)
        claim = self.claims.create({"serial": "SN-WF1"})
        self.assertEqual(claim.coverage, "out_of_warranty")
        for vals in (
            {"coverage": "in_warranty"},
            {"state": "done"},
            {"resolution": "refunded"},
            {"date_received": fields.Datetime.now()},
            {"needs_attention": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                claim.write(vals)
        claim.invalidate_recordset()
        self.assertEqual((claim.coverage, claim.state), ("out_of_warranty", "new"))
        before = self.env["aftersales.claim"].search_count([])
        with self.assertRaises(AccessError):
            self.claims.create({"serial": "SN-WF1", "state": "done"})
        made = self.claims.with_context(default_state="done").create(
            {"serial": "SN-WF1"}
        )
        self.assertEqual(made.state, "new")
        self.assertEqual(self.env["aftersales.claim"].search_count([]), before + 1)

    def test_refund_out_of_warranty_needs_a_manager(self):
        expired = self._unit("SN-WF2")
        order = expired.sale_order_id
        order._create_invoices().action_post()
        expired.date_start = fields.Date.today() - relativedelta(years=3)
        claim = self.claims.create({"serial": "SN-WF2", "claim_type": "refund"})
        with self.assertRaises(AccessError):
            claim.action_refund()
        self.assertEqual(claim.state, "new")
        self.assertFalse(claim.sudo().invoice_ids)
        claim.with_user(self.aftersales_manager).action_refund()
        self.assertEqual(claim.state, "done")
        self.assertEqual(len(claim.sudo().invoice_ids), 1)


@tagged("post_install", "-at_install")
class TestClaimFollowers(ClaimAttackCommon):
    def test_previous_customer_stops_following_and_old_links_die(self):
        self._unit("SN-FO1")
        claim = self.claims.create({"serial": "SN-FO1"})
        self.assertIn(self.customer, claim.message_partner_ids)
        token = claim.sudo()._portal_ensure_token()
        claim.with_user(self.aftersales_manager).partner_id = self.other_customer
        self.assertNotIn(self.customer, claim.message_partner_ids)
        self.assertNotEqual(claim.sudo().access_token, token)

    def test_automatic_claims_get_a_staff_responsible(self):
        self._unit("SN-FO2")
        responsible = new_test_user(
            self.env,
            login="as_claims_responsible",
            groups="aftersales_service.group_aftersales_user",
        )
        self.company.aftersales_responsible_id = responsible
        portal = new_test_user(
            self.env,
            login="as_portal_owner",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        by_customer = (
            self.env["aftersales.claim"]
            .with_user(portal)
            .sudo()
            .create({"serial": "SN-FO2"})
        )
        by_root = self.env["aftersales.claim"].sudo().create({"serial": "SN-FO2"})
        self.assertEqual(by_customer.user_id, responsible)
        self.assertEqual(by_root.user_id, responsible)
        with self.assertRaises(UserError):
            by_root.user_id = portal


@tagged("post_install", "-at_install")
class TestClaimAttacksOverRpc(ClaimAttackCommon, AftersalesRpcMixin, HttpCase):
    def test_rpc_create_with_lot_and_forged_fields(self):
        warranty = self._unit("SN-RPC1")
        self.authenticate("as_rpc_user", "as_rpc_user")
        claim_id = self.call_kw(
            "aftersales.claim", "create", [{"lot_id": warranty.lot_id.id}]
        )[0]
        claim = self.env["aftersales.claim"].browse(claim_id)
        self.assertEqual(claim.warranty_id, warranty)
        self.assertEqual(claim.coverage, "in_warranty")
        self.assertEqual(claim.serial, "SN-RPC1")
        before = self.env["aftersales.claim"].search_count([])
        message = self.assertRpcRefused(
            "aftersales.claim",
            "create",
            [{"lot_id": warranty.lot_id.id, "state": "done"}],
        )
        self.assertIn("AccessError", message)
        self.assertRpcRefused(
            "aftersales.claim", "write", [claim_id], {"coverage": "void"}
        )
        self.assertRpcRefused(
            "aftersales.claim",
            "write",
            [claim_id],
            {"partner_id": self.other_customer.id},
        )
        self.assertEqual(self.env["aftersales.claim"].search_count([]), before)
        claim.invalidate_recordset()
        self.assertEqual(
            (claim.coverage, claim.partner_id), ("in_warranty", self.customer)
        )
