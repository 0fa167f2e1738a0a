# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import calendar
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from ..models.aftersales_claim import percent
from .test_analysis import AnalysisCommon
from .test_loan import LoanCommon


@tagged("post_install", "-at_install")
class TestEmptyRates(AnalysisCommon):
    """A rate counts its claims on the units it divides by, and has no value
    (rather than 0 %) when there is nothing to divide by: the dashboard says
    why."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.this_month = today + relativedelta(day=1)
        cls.last_month = cls.this_month - relativedelta(months=1)
        # The blender: 5 units delivered 14 months ago, 2 last month. Last
        # month, 5 claims on the old units and 1 on a new one: 6 claims
        # beside 2 units delivered in the 12 months, the 300 % of before.
        old = cls._units(cls.product, 5, today - relativedelta(months=14, day=3))
        new = cls._units(cls.product, 2, cls.last_month + timedelta(days=2))
        claim_day = cls.last_month + timedelta(days=4)
        cls.old_claims = cls.env["aftersales.claim"].concat(
            *(cls._claim(old, claim_day) for _i in range(5))
        )
        cls.new_claim = cls._claim(new, claim_day)
        # One of last month's claims resolved in 3 days, one of this month's
        # in 8 hours.
        cls.old_claims[0].write(
            {
                "state": "done",
                "resolution": "repaired",
                "date_closed": datetime.combine(claim_day, time()) + timedelta(days=3),
            }
        )
        # The toaster: a claim registered by hand, without a warranty, this
        # month; no unit of it was ever delivered.
        cls.toaster = cls.env["product.product"].create(
            {"name": "Toaster (test)", "is_storable": True, "categ_id": cls.category.id}
        )
        cls.hand_claim = cls.env["aftersales.claim"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.toaster.id,
                "company_id": cls.company.id,
                "date_claim": cls.this_month,
            }
        )
        cls.analysis._refresh()
        cls.env["aftersales.service.exposure"]._refresh()

    def _data(self, user=None):
        return (
            self.env["aftersales.dashboard"]
            .with_user(user or self.aftersales_manager)
            .get_dashboard_data()
        )

    def test_percent_without_denominator(self):
        self.assertIsNone(percent(1, 0))
        self.assertIsNone(percent(0, 0))
        self.assertEqual(percent(0, 4), 0.0)
        self.assertEqual(percent(1, 3), 33.33)

    def test_top_products_count_claims_per_units_in_service(self):
        top = {row["id"]: row for row in self._data()["top_products"]}
        blender, toaster = top[self.product.id], top[self.toaster.id]
        # 6 claims in the 12 months, all on the 7 units in service: the 5 old
        # ones the 12 months and this month so far, the 2 new ones since the
        # 3rd of last month. Never 6 claims over the 2 units delivered.
        today = fields.Date.today()
        gone = today.day / calendar.monthrange(today.year, today.month)[1]
        last_days = calendar.monthrange(self.last_month.year, self.last_month.month)[1]
        months = 5 * (12 + gone) + 2 * ((last_days - 2) / last_days + gone)
        self.assertEqual(
            (blender["claims"], blender["units"], blender["unit_claims"]),
            (6, 7.0, 6),
        )
        self.assertAlmostEqual(blender["rate"], 1000 * 6 / months, places=2)
        self.assertFalse(blender["rate_reason"])
        # A claim, no unit in service: no rate, and the reason, not 0.
        self.assertEqual((toaster["claims"], toaster["units"]), (1, 0.0))
        self.assertIsNone(toaster["rate"])
        self.assertEqual(toaster["rate_display"], "")
        self.assertEqual(toaster["rate_reason"], "No unit in service in the 12 months")

    def test_months_without_denominator(self):
        months = {row["key"]: row for row in self._data()["months"]}
        rate = months["claim_rate"]
        # This month: a claim, no unit delivered.
        self.assertIsNone(rate["this"])
        self.assertEqual(rate["this_display"], "")
        self.assertEqual(rate["this_reason"], "No unit delivered in the month")
        # Last month: its 2 units drew 1 claim.
        self.assertEqual((rate["last"], rate["last_display"]), (50.0, "50.0 %"))
        self.assertFalse(rate["last_reason"])
        # No claim of this month resolved: no share in time, no duration.
        for key in ("on_time_rate", "resolution_days"):
            self.assertIsNone(months[key]["this"], key)
            self.assertEqual(months[key]["this_reason"], "No claim resolved", key)
        # Nothing sold this month: no cost rate.
        self.assertIsNone(months["cost_rate"]["this"])
        self.assertEqual(
            months["cost_rate"]["this_reason"], "Nothing sold in the month"
        )
        self.assertEqual(months["cost_rate"]["last"], 0.0)

    def test_durations_in_one_format(self):
        months = {row["key"]: row for row in self._data()["months"]}
        # 3 days shows as 3.0, as a third of a day shows as 0.3.
        self.assertEqual(months["resolution_days"]["last"], 3.0)
        self.assertEqual(months["resolution_days"]["last_display"], "3.0")
        dashboard = self.env["aftersales.dashboard"]
        self.assertEqual(dashboard._dashboard_format(1 / 3, "days"), "0.3")
        self.assertEqual(dashboard._dashboard_format(0.0, "days"), "0.0")
        # The claim analysis shows the days to resolve with one decimal too.
        self.assertEqual(
            self.analysis.fields_get(["resolution_days"])["resolution_days"]["digits"],
            (16, 1),
        )

    def test_analysis_rate_of_a_group_without_units(self):
        groups = {
            group["product_id"][0]: group
            for group in self.analysis.with_user(self.aftersales_user).read_group(
                [("date", ">=", self.last_month)],
                ["claim_count", "unit_count", "unit_claim_count", "claim_rate"],
                ["product_id"],
            )
        }
        blender, toaster = groups[self.product.id], groups[self.toaster.id]
        self.assertEqual(
            (
                blender["claim_count"],
                blender["unit_count"],
                blender["unit_claim_count"],
                blender["claim_rate"],
            ),
            (6, 2.0, 1, 50.0),
        )
        self.assertEqual((toaster["claim_count"], toaster["unit_count"]), (1, 0.0))
        self.assertIs(toaster["claim_rate"], False)
        # Over all time the old units count with their claims: 6 of 7.
        [total] = self.analysis.read_group(
            [("product_id", "=", self.product.id)], ["claim_rate"], []
        )
        self.assertEqual(total["claim_rate"], round(100 * 6 / 7, 2))
        # The rows: a claim has no rate of its own, a unit row has its own.
        rows = self.analysis.search([("product_id", "=", self.product.id)])
        self.assertEqual(
            sorted(rows.filtered("unit_count").mapped("claim_rate")), [50.0, 100.0]
        )
        self.assertFalse(any(rows.filtered("claim_count").mapped("claim_rate")))

    def test_dashboard_queries(self):
        dashboard = self.env["aftersales.dashboard"].with_user(self.aftersales_user)
        dashboard.get_dashboard_data()
        with self.assertQueryCount(13):
            dashboard.get_dashboard_data()

    def test_withdrawal_check_without_units(self):
        """A category judging from 0 units does not trip on the product that
        has claims and no unit: no rate, no proposal."""
        self.category.write(
            {"aftersales_alert_rate": 10.0, "aftersales_alert_min_units": 0}
        )
        proposals = self.env["aftersales.withdrawal.proposal"]
        proposals = proposals._cron_systematic_defects()
        self.assertNotIn(self.toaster, proposals.product_id)


@tagged("post_install", "-at_install")
class TestLoanerUtilisation(LoanCommon):
    """Days lent over days owned, on an example counted by hand. A day is
    owned from the one the unit entered the loaner pool, today included; lent
    from the day it went out to the day before it came back, today included
    while it is out."""

    def _in_pool(self, lot, days_ago):
        lot.aftersales_loaner_date = fields.Date.today() - timedelta(days=days_ago)

    def _loan(self, lot, out, back=None):
        """A loan of ``lot`` lent ``out`` days ago, returned ``back`` days
        ago (or still out)."""
        today = fields.Date.today()
        loan = self.env["aftersales.loan"].create(
            {
                "lot_id": lot.id,
                "partner_id": self.customer.id,
                "date_out": today - timedelta(days=out),
                "date_due": today,
            }
        )
        loan.write(
            {"state": "returned", "date_returned": today - timedelta(days=back)}
            if back is not None
            else {"state": "lent"}
        )
        return loan

    def test_utilisation_by_hand(self):
        kept, relent, late, idle = self._loaners(
            self.product_serial, ["LN-U1", "LN-U2", "LN-U3", "LN-U4"]
        )
        # In the pool for 9 days: 10 days owned. Lent 9 days ago, back 6 days
        # ago (3 days), and again today (1 day): 4 days, 40 %.
        self._in_pool(kept, 9)
        self._loan(kept, 9, 6)
        self._loan(kept, 0)
        # In the pool for 9 days: lent 9 to 5 days ago, then a loan entered
        # late from 7 to 3 days ago: days 9 to 4 are lent once, 6 days, 60 %.
        self._in_pool(relent, 9)
        self._loan(relent, 9, 5)
        self._loan(relent, 7, 3)
        # In the pool since today, after a loan from 4 to 2 days ago: owned since
        # that loan, 5 days, 2 lent, 40 %.
        self._loan(late, 4, 2)
        # In the pool for 4 days, never lent: 5 days owned, 0 %.
        self._in_pool(idle, 4)
        # Bought a month ago, in the pool for 4 days, out since 2 days ago:
        # 3 days lent of 5 owned, 60 % (the month before the pool does not
        # count).
        (bought,) = self._loaners(self.product_serial, ["LN-U5"])
        bought.flush_recordset()
        self.env.cr.execute(
            "UPDATE stock_lot SET create_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=30), bought.id),
        )
        bought.invalidate_recordset(["create_date"])
        self._in_pool(bought, 4)
        self._loan(bought, 2)
        units = (kept | relent | late | idle | bought).with_user(self.aftersales_user)
        self.assertEqual(
            [
                (
                    unit.aftersales_loan_days,
                    unit.aftersales_loaner_days_owned,
                    unit.aftersales_loaner_utilisation,
                )
                for unit in units
            ],
            [(4, 10, 40.0), (6, 10, 60.0), (2, 5, 40.0), (0, 5, 0.0), (3, 5, 60.0)],
        )
        self.assertEqual(kept.aftersales_loan_average_days, 2.0)

    def test_unit_lent_today(self):
        """The unit registered and lent today is at 100 %, not 0."""
        unit = self._loaners(self.product_serial, ["LN-T1"])
        loan = self._lend(self._received_claim("SN-T1"))
        self.assertEqual((loan.lot_id, loan.date_out), (unit, fields.Date.today()))
        unit = unit.with_user(self.aftersales_user)
        self.assertEqual(unit.aftersales_loan_days, 1)
        self.assertEqual(unit.aftersales_loaner_days_owned, 1)
        self.assertEqual(unit.aftersales_loaner_utilisation, 100.0)
