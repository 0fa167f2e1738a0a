# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AftersalesWarrantyCommon
from .test_analysis import AnalysisCommon
from .test_loan import LoanCommon


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    def test_user_opens_the_app_and_its_configuration(self):
        new_test_user(
            self.env,
            login="as_tour_user",
            groups="aftersales_service.group_aftersales_user",
        )
        self.start_tour(
            "/odoo", "aftersales_service_configuration_tour", login="as_tour_user"
        )


@tagged("post_install", "-at_install")
class TestClaimFlowUi(AftersalesWarrantyCommon, HttpCase):
    def test_ticket_to_returned_item(self):
        self._stock(self.product_serial, serials=["SN-TOUR-1"])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        user = new_test_user(
            self.env,
            login="as_tour_claims",
            groups="aftersales_service.group_aftersales_user,"
            "helpdesk_mgmt.group_helpdesk_user",
        )
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(user)
            .create(
                {
                    "name": "Washer leaks",
                    "description": "<p>Water under the door</p>",
                    "partner_id": self.customer.id,
                    "aftersales_serial": "SN-TOUR-1",
                }
            )
        )
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
            "aftersales_claim_flow_tour",
            login="as_tour_claims",
        )
        claim = ticket.aftersales_claim_ids
        self.assertEqual((claim.state, claim.resolution), ("done", "repaired"))
        self.assertEqual(claim.repair_ids.state, "done")
        self.assertEqual(
            sorted(claim.picking_ids.mapped("aftersales_leg")), ["receipt", "return"]
        )


@tagged("post_install", "-at_install")
class TestLoanUi(LoanCommon, HttpCase):
    def test_lend_a_loaner_from_the_claim(self):
        free, out = self._loaners(self.product_serial, ["LN-TOUR-1", "LN-TOUR-2"])
        self._lend(self._received_claim("SN-TOUR-0"), lot_id=out)
        claim = self._received_claim("SN-TOUR-1")
        self.start_tour(
            f"/odoo/action-aftersales_service.aftersales_claim_action/{claim.id}",
            "aftersales_loan_tour",
            login="as_user",
        )
        loan = claim.loan_ids
        self.assertEqual((loan.lot_id, loan.state), (free, "returned"))
        self.assertEqual(
            loan.picking_out_id.state, "done", "the delivery handed the unit over"
        )
        self.assertEqual(loan.picking_in_id.state, "done")


@tagged("post_install", "-at_install")
class TestDashboardUi(AnalysisCommon, HttpCase):
    def test_manager_lands_on_the_dashboard(self):
        today = fields.Date.today()
        units = self._units(self.product, 20, today + relativedelta(day=1))
        claim = self._claim(units, today)
        claim.write({"state": "received", "legal_profile_id": self.profile_ru.id})
        claim.date_deadline = today - timedelta(days=1)
        self.env["aftersales.claim.analysis"]._refresh()
        self.start_tour("/odoo", "aftersales_dashboard_tour", login="as_manager")

    def test_refresh_comes_back_at_once(self):
        """Refresh returns before the figures are computed: the cron worker
        computes them (the tour runs the cron as that worker would)."""
        today = fields.Date.today()
        units = self._units(self.product, 20, today + relativedelta(day=1))
        claim = self._claim(units, today)
        claim.write({"state": "received", "legal_profile_id": self.profile_ru.id})
        claim.date_deadline = today - timedelta(days=1)
        analysis = self.env["aftersales.claim.analysis"]
        rows = [("claim_id", "=", claim.id)]
        self.assertFalse(analysis.search_count(rows))
        self.start_tour("/odoo", "aftersales_dashboard_refresh_tour", login="admin")
        self.assertTrue(
            analysis.search_count(rows),
            "the cron the tour ran computed the new claim's figures",
        )
