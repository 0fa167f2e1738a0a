# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import calendar
import json
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import AftersalesWarrantyCommon


class AnalysisCommon(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analysis = cls.env["aftersales.claim.analysis"]
        cls.product = cls.env["product.product"].create(
            {
                "name": "Blender (test)",
                "is_storable": True,
                "categ_id": cls.category.id,
                "warranty_policy_id": cls.policy_24.id,
                "standard_price": 60.0,
                "list_price": 100.0,
            }
        )

    @classmethod
    def _units(cls, product, quantity, date_start, price=100.0, company=None):
        """``quantity`` units of ``product`` sold at ``price`` each, their
        warranty starting on ``date_start``."""
        company = company or cls.company
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": company.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "price_unit": price,
                            "tax_id": [(5, 0, 0)],
                        },
                    )
                ],
            }
        )
        return cls.env["aftersales.warranty"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": product.id,
                "policy_id": cls.policy_24.id,
                "quantity": quantity,
                "date_start": date_start,
                "sale_line_id": order.order_line.id,
                "company_id": company.id,
            }
        )

    @classmethod
    def _claim(cls, warranty, date_claim, **values):
        return cls.env["aftersales.claim"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": warranty.product_id.id,
                "warranty_id": warranty.id,
                "company_id": warranty.company_id.id,
                "date_claim": date_claim,
                **values,
            }
        )


class TestClaimAnalysis(AnalysisCommon):
    """Claim rate by month and by sale month, time to resolve, share in
    time, penalties and costs on an example computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 10 units sold in January, 20 in February, at 100 each.
        january = cls._units(cls.product, 10, date(2026, 1, 15))
        february = cls._units(cls.product, 20, date(2026, 2, 10))
        profile = cls.profile_ru  # 1 % of the price per day late
        # Two claims in February on January units: one repaired in 3 days
        # (then replaced), one rejected 10 days after its deadline.
        cls.replaced = cls._claim(january, date(2026, 2, 5))
        cls.late = cls._claim(january, date(2026, 2, 5))
        # One claim in February on a February unit, one in March on a
        # January unit: both open, neither late.
        cls.open_feb = cls._claim(february, date(2026, 2, 12))
        cls.open_mar = cls._claim(january, date(2026, 3, 3))
        cls.cancelled = cls._claim(february, date(2026, 2, 20))
        (cls.replaced | cls.late | cls.open_feb | cls.open_mar).write(
            {"legal_profile_id": profile.id}
        )
        cls.replaced.write(
            {
                "state": "done",
                "resolution": "replaced",
                "date_deadline": date(2026, 2, 20),
                "date_closed": datetime(2026, 2, 8),
            }
        )
        cls.late.write(
            {
                "state": "rejected",
                "resolution": "rejected",
                "date_deadline": date(2026, 2, 20),
                "date_closed": datetime(2026, 3, 2),
            }
        )
        cls.open_feb.date_deadline = fields.Date.today() + timedelta(days=30)
        cls.cancelled.action_cancel()
        cls.analysis._refresh()

    def _by(self, groupby, user=None, measures=None):
        analysis = self.analysis.with_user(user or self.aftersales_manager)
        groups = analysis.read_group(
            [("product_id", "=", self.product.id)],
            measures or ["claim_count", "unit_count", "claim_rate"],
            [groupby],
            lazy=False,
        )
        return {group[groupby]: group for group in groups}

    def test_claim_rate_by_month(self):
        months = self._by("date:month")
        figures = {
            month: (group["claim_count"], group["unit_count"], group["claim_rate"])
            for month, group in months.items()
        }
        # Claims made in the month; the rate of the units delivered that
        # month over the claims they drew (January's 10 units: 3 claims):
        # empty in March, when no unit was delivered. The cancelled claim
        # does not count.
        self.assertEqual(
            figures,
            {
                "January 2026": (0, 10.0, 30.0),
                "February 2026": (3, 20.0, 5.0),
                "March 2026": (1, 0.0, False),
            },
        )

    def test_claim_rate_by_sale_month(self):
        cohorts = self._by("date_cohort:month")
        figures = {
            month: (group["claim_count"], group["unit_count"], group["claim_rate"])
            for month, group in cohorts.items()
        }
        # January's 10 units drew 3 claims (Feb, Feb, Mar); February's 20
        # units drew 1.
        self.assertEqual(
            figures,
            {"January 2026": (3, 10.0, 30.0), "February 2026": (1, 20.0, 5.0)},
        )

    def test_resolution_deadline_and_penalty(self):
        february = self._by(
            "date:month",
            measures=[
                "resolved_count",
                "resolved_on_time_count",
                "on_time_rate",
                "resolution_days:avg",
                "late_count",
                "penalty_amount",
            ],
        )["February 2026"]
        self.assertEqual(february["resolved_count"], 2)
        self.assertEqual(february["resolved_on_time_count"], 1)
        self.assertEqual(february["on_time_rate"], 50.0)
        # 3 days and 25 days.
        self.assertAlmostEqual(february["resolution_days"], 14.0)
        self.assertEqual(february["late_count"], 1)
        # 100 (price) x 1 % x 10 days (20 Feb to 2 Mar).
        self.assertAlmostEqual(february["penalty_amount"], 10.0)

    def test_cost_against_revenue(self):
        total = self.analysis.with_user(self.aftersales_manager).read_group(
            [("product_id", "=", self.product.id)],
            ["replacement_cost", "warranty_cost", "revenue", "cost_rate"],
            [],
        )[0]
        # One replacement at cost (60) against 30 units sold at 100.
        self.assertEqual(total["replacement_cost"], 60.0)
        self.assertEqual(total["warranty_cost"], 60.0)
        self.assertEqual(total["revenue"], 3000.0)
        self.assertEqual(total["cost_rate"], 2.0)

    def test_only_managers_see_costs(self):
        analysis = self.analysis.with_user(self.aftersales_user)
        with self.assertRaises(AccessError):
            analysis.read_group([], ["warranty_cost"], [])
        with self.assertRaises(AccessError):
            analysis.read_group([], ["cost_rate"], ["product_id"])
        self.assertNotIn("revenue", analysis.fields_get())
        self.assertIn("claim_rate", analysis.fields_get())
        # The counts stay readable.
        self.assertEqual(
            self._by("date:month", user=self.aftersales_user)["February 2026"][
                "claim_count"
            ],
            3,
        )

    def test_users_see_their_company_only(self):
        other = self._units(self.product, 5, date(2026, 2, 1), company=self.company_b)
        self._claim(other, date(2026, 2, 2))
        self.analysis._refresh()
        b_rows = self.analysis.with_user(self.user_company_b).search([])
        self.assertEqual(set(b_rows.company_id.ids), {self.company_b.id})
        self.assertEqual(sum(b_rows.mapped("claim_count")), 1)
        self.assertEqual(self._by("date:month")["February 2026"]["unit_count"], 20.0)

    def test_export(self):
        """After-sales administrators export the analysis like any list (to a
        spreadsheet), costs included; users have no export right of their
        own, and no right on the costs."""
        domain = [("product_id", "=", self.product.id), ("claim_count", ">", 0)]
        rows = self.analysis.with_user(self.aftersales_manager).search(
            domain, order="date, id"
        )
        exported = rows.export_data(
            ["date", "product_id", "claim_count", "warranty_cost"]
        )["datas"]
        self.assertEqual(len(exported), 4)
        self.assertEqual(exported[0][1], "Blender (test)")
        self.assertEqual(sum(row[3] for row in exported), 60.0)
        user_rows = self.analysis.with_user(self.aftersales_user).search(domain)
        with self.assertRaises(UserError):
            user_rows.export_data(["claim_count"])
        with self.assertRaises(AccessError):
            user_rows.read(["warranty_cost"])

    def test_refresh_shows_new_claims(self):
        """Refresh wakes the cron worker and returns: the figures change
        when the cron has run, and the after-sales users' screens hear it."""
        cron = self.env.ref("aftersales_service.ir_cron_aftersales_claim_analysis")
        march = date(2026, 3, 3)
        self._claim(self.replaced.warranty_id, march)
        self.assertEqual(self._by("date:month")["March 2026"]["claim_count"], 1)
        action = self.analysis.with_user(self.aftersales_user).action_refresh()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            1,
            "the cron worker is woken now",
        )
        self.assertEqual(
            self._by("date:month")["March 2026"]["claim_count"],
            1,
            "the user's request did not compute the figures",
        )
        with self.assertRaises(AccessError):
            self.analysis.with_user(self.employee).action_refresh()
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), 1
        )
        group = self.env.ref("aftersales_service.group_aftersales_user")
        self.env["bus.bus"].search([]).unlink()
        cron.method_direct_trigger()
        self.env.cr.precommit.run()  # the bus writes its messages on commit
        self.assertEqual(self._by("date:month")["March 2026"]["claim_count"], 2)
        sent = self.env["bus.bus"].search([])
        self.assertEqual(len(sent), 1, "one message for every after-sales user")
        self.assertEqual(json.loads(sent.channel)[1:], ["res.groups", group.id])
        self.assertEqual(
            json.loads(sent.message)["type"], "aftersales_service/analysis_refreshed"
        )

    def test_refresh_leaves_the_figures_readable(self):
        """While the figures are computed again (this test's transaction has
        refreshed them and not committed), another user's transaction still
        reads them at once."""
        self.analysis._refresh()
        with self.registry.cursor() as reader:
            reader.execute("SET LOCAL lock_timeout = '2s'")
            reader.execute(
                SQL("SELECT count(*) FROM %s", SQL.identifier(self.analysis._table))
            )
            self.assertIsNotNone(reader.fetchone())

    def test_read_group_queries(self):
        """The ratio measures cost no query of their own: one query."""
        analysis = self.analysis.with_user(self.aftersales_manager)
        analysis.read_group([], ["claim_count"], ["product_id"])  # warm caches
        with self.assertQueryCount(1):
            analysis.read_group(
                [], ["claim_count", "claim_rate", "on_time_rate"], ["product_id"]
            )


class TestWithdrawalAlert(AnalysisCommon):
    """The weekly check of claim rates against the category thresholds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_manager_id = cls.aftersales_manager
        cls.parent_category = cls.env["product.category"].create(
            {
                "name": "Kitchen (test)",
                "aftersales_alert_rate": 10.0,
                "aftersales_alert_min_units": 15,
            }
        )
        # A sub-category without a rate of its own follows its parent.
        cls.category.parent_id = cls.parent_category
        last_month = fields.Date.today() - relativedelta(months=1)
        products = cls.env["product.product"].create(
            [
                {"name": name, "categ_id": cls.category.id, "is_storable": True}
                for name in ("Failing (test)", "Rare (test)", "Solid (test)")
            ]
        )
        cls.failing, cls.rare, cls.solid = products
        for product, units, claims in (
            # 3 claims for 20 units: 15 %, above 10 % and 15 units.
            (cls.failing, 20, 3),
            # 2 claims for 5 units: 40 %, but too few units to judge.
            (cls.rare, 5, 2),
            # 1 claim for 100 units: 1 %.
            (cls.solid, 100, 1),
        ):
            warranty = cls._units(product, units, last_month)
            for _i in range(claims):
                cls._claim(
                    warranty, last_month, failure_code_ids=[(6, 0, cls._codes())]
                )
        cls.proposals = cls.env["aftersales.withdrawal.proposal"]

    @classmethod
    def _codes(cls):
        if not hasattr(cls, "code_noise"):
            cls.code_noise = cls.env["aftersales.failure.code"].create(
                {"code": "T-NOISE", "name": "Noise (test)"}
            )
        return cls.code_noise.ids

    def test_threshold_and_minimum_units(self):
        proposals = self.proposals._cron_systematic_defects()
        self.assertEqual(proposals.product_id, self.failing)
        self.assertRecordValues(
            proposals,
            [
                {
                    "unit_count": 20.0,
                    "claim_count": 3,
                    "claim_rate": 15.0,
                    "threshold": 10.0,
                    "state": "to_decide",
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertIn("T-NOISE", proposals.failure_summary)
        self.assertIn("(3)", proposals.failure_summary)

    def test_alert_activity_for_the_manager(self):
        proposal = self.proposals._cron_systematic_defects()
        activity = proposal.activity_ids
        self.assertEqual(activity.user_id, self.aftersales_manager)
        self.assertIn("Failing (test)", activity.summary)
        note = str(activity.note)
        for figure in ("3 claims", "20 units", "15.0%", "10.0%", "T-NOISE"):
            self.assertIn(figure, note)

    def test_no_second_proposal(self):
        first = self.proposals._cron_systematic_defects()
        self.assertFalse(self.proposals._cron_systematic_defects())
        # Kept: not proposed again for three months.
        first.with_user(self.aftersales_manager).action_keep()
        self.assertFalse(self.proposals._cron_systematic_defects())

    def test_no_alert_without_threshold(self):
        self.parent_category.aftersales_alert_rate = 0.0
        self.assertFalse(self.proposals._cron_systematic_defects())

    def test_stop_selling(self):
        proposal = self.proposals._cron_systematic_defects()
        with self.assertRaises(UserError):
            proposal.with_user(self.aftersales_user).action_stop()
        self.assertTrue(self.failing.sale_ok)
        proposal.with_user(self.aftersales_manager).action_stop()
        self.assertRecordValues(
            proposal,
            [
                {
                    "state": "decided",
                    "decision": "stop",
                    "decided_by_id": self.aftersales_manager.id,
                }
            ],
        )
        self.assertFalse(self.failing.sale_ok)
        self.assertFalse(proposal.activity_ids)
        with self.assertRaises(UserError):
            proposal.with_user(self.aftersales_manager).action_fix()
        # A product no longer sold is not proposed again.
        proposal.with_user(self.aftersales_manager).action_reopen()
        proposal.with_user(self.aftersales_manager).action_keep()
        self.assertFalse(self.proposals._cron_systematic_defects())

    def test_fix_keeps_the_product_on_sale(self):
        proposal = self.proposals._cron_systematic_defects()
        proposal.with_user(self.aftersales_manager).action_fix()
        self.assertEqual(proposal.decision, "fix")
        self.assertTrue(self.failing.sale_ok)

    def test_access(self):
        proposal = self.proposals._cron_systematic_defects()
        as_user = proposal.with_user(self.aftersales_user)
        self.assertEqual(as_user.claim_count, 3)
        with self.assertRaises(AccessError):
            as_user.read(["warranty_cost"])
        with self.assertRaises(AccessError):
            as_user.decision_note = "Not mine to decide"
        self.assertFalse(
            self.proposals.with_user(self.user_company_b).search(
                [("id", "=", proposal.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestDashboard(AnalysisCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        units = cls._units(cls.product, 50, today - relativedelta(months=1, day=3))
        this_month = today + relativedelta(day=1)
        cls.new_claims = cls._claim(units, this_month) | cls._claim(units, this_month)
        cls.late_claim = cls._claim(units, today - relativedelta(months=1, day=5))
        cls.late_claim.write(
            {"state": "received", "legal_profile_id": cls.profile_ru.id}
        )
        cls.late_claim.date_deadline = today - timedelta(days=2)
        loaner = cls.env["stock.lot"].create(
            {
                "name": "LOANER-DASH-1",
                "product_id": cls.product_serial.id,
                "company_id": cls.company.id,
                "aftersales_loaner": True,
            }
        )
        loan = cls.env["aftersales.loan"].create(
            {
                "lot_id": loaner.id,
                "partner_id": cls.customer.id,
                "claim_id": cls.late_claim.id,
                "date_due": today,
            }
        )
        loan.write({"state": "lent", "is_overdue": True})
        # Company B's claims never show.
        other = cls._units(cls.product, 5, today, company=cls.company_b)
        cls._claim(other, today)
        cls.env["aftersales.claim.analysis"]._refresh()
        cls.env["aftersales.service.exposure"]._refresh()

    def _data(self, user=None):
        return (
            self.env["aftersales.dashboard"]
            .with_user(user or self.aftersales_manager)
            .get_dashboard_data()
        )

    def test_counters(self):
        data = self._data()
        states = {card["key"]: card["value"] for card in data["states"]}
        self.assertEqual(states["new"], 2)
        self.assertEqual(states["received"], 1)
        cards = {card["key"]: card for card in data["cards"]}
        self.assertEqual(cards["late"]["value"], 1)
        self.assertTrue(cards["late"]["alert"])
        # 100 x 1 % x 2 days.
        self.assertAlmostEqual(cards["late"]["penalty"], 2.0)
        self.assertEqual(cards["loans_out"]["value"], 1)
        self.assertEqual(cards["loans_overdue"]["value"], 1)
        self.assertEqual(cards["dealer_claims"]["value"], 0)
        # Each counter opens its records.
        self.assertEqual(
            self.env["aftersales.claim"]
            .with_user(self.aftersales_manager)
            .search(cards["late"]["action"]["domain"]),
            self.late_claim,
        )
        [top] = data["top_products"]
        self.assertEqual(
            (top["id"], top["claims"], top["units"], top["unit_claims"]),
            (self.product.id, 3, 50.0, 3),
        )
        # 50 units in service since the 3rd of last month.
        today = fields.Date.today()
        last = today - relativedelta(months=1)
        last_days = calendar.monthrange(last.year, last.month)[1]
        gone = today.day / calendar.monthrange(today.year, today.month)[1]
        months = 50 * ((last_days - 2) / last_days + gone)
        self.assertAlmostEqual(top["rate"], 1000 * 3 / months, places=2)
        months = {row["key"]: row for row in data["months"]}
        self.assertEqual((months["claims"]["this"], months["claims"]["last"]), (2, 1))
        # Last month's 50 units drew 3 claims; no unit delivered this month.
        self.assertEqual(months["claim_rate"]["last"], 6.0)
        self.assertIsNone(months["claim_rate"]["this"])
        self.assertIn("warranty_cost", months)

    def test_users_see_no_costs(self):
        data = self._data(self.aftersales_user)
        self.assertFalse(data["show_costs"])
        self.assertNotIn("warranty_cost", {row["key"] for row in data["months"]})
        with self.assertRaises(AccessError):
            self._data(self.employee)

    def test_company_b(self):
        data = self._data(self.user_company_b)
        states = {card["key"]: card["value"] for card in data["states"]}
        self.assertEqual(states["new"], 1)
        self.assertEqual(sum(card["value"] for card in data["cards"]), 0)

    def test_queries(self):
        dashboard = self.env["aftersales.dashboard"].with_user(self.aftersales_manager)
        dashboard.get_dashboard_data()
        # States, six counters, penalty, top products (their claims, their
        # rates, their units in service), months and the date of the
        # figures: no query per record, whatever the number of claims.
        with self.assertQueryCount(13):
            dashboard.get_dashboard_data()
