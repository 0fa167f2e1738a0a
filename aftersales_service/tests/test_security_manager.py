# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An after-sales administrator decides outside the rules, but does not
rewrite what the steps decided: not the claim's coverage or state, not a
refund given twice."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AftersalesRpcMixin, AftersalesWarrantyCommon


@tagged("post_install", "-at_install")
class TestManagerCannotRewriteTheSteps(
    AftersalesWarrantyCommon, AftersalesRpcMixin, HttpCase
):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rpc_manager = new_test_user(
            cls.env,
            login="as_rpc_manager",
            password="as_rpc_manager",
            groups="aftersales_service.group_aftersales_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def _expired_claim(self, serial, **values):
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        order._create_invoices().action_post()
        warranty = self._warranties(order)
        warranty.date_start = fields.Date.today() - relativedelta(years=3)
        return (
            self.env["aftersales.claim"]
            .with_user(self.rpc_manager)
            .create({"serial": serial, **values})
        )

    def test_coverage_and_state_stay_the_servers(self):
        claim = self._expired_claim("SN-MG1")
        self.assertEqual(claim.coverage, "out_of_warranty")
        with self.assertRaises(AccessError):
            claim.write({"coverage": "in_warranty"})
        self.authenticate("as_rpc_manager", "as_rpc_manager")
        for vals in ({"coverage": "in_warranty"}, {"state": "done"}):
            with self.subTest(vals=vals):
                message = self.assertRpcRefused(
                    "aftersales.claim", "write", [claim.id], vals
                )
                self.assertIn("AccessError", message)
        claim.invalidate_recordset()
        self.assertEqual((claim.coverage, claim.state), ("out_of_warranty", "new"))

    def test_a_refund_is_given_once(self):
        claim = self._expired_claim("SN-MG2", claim_type="refund")
        claim.action_refund()  # out of warranty: a manager may
        self.assertEqual(len(claim.sudo().invoice_ids), 1)
        with self.assertRaises(UserError):
            claim.action_refund()
        again = (
            self.env["aftersales.claim"]
            .with_user(self.rpc_manager)
            .create({"serial": "SN-MG2", "claim_type": "refund"})
        )
        with self.assertRaises(UserError) as refused:
            again.action_refund()
        self.assertIn("exceed", str(refused.exception))
        self.assertFalse(again.sudo().invoice_ids)
        self.assertEqual(again.state, "new")
