# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import calendar
from itertools import pairwise

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..report.aftersales_service_forecast import extrapolate
from .test_service_exposure import ExposureCommon, month


def observed(rates):
    """A curve as ``_mis_curve`` gives it, every age reached by 100 units."""
    curve, cumulative = [], 0.0
    for age, rate in enumerate(rates, start=1):
        cumulative += rate
        curve.append((age, rate, round(cumulative, 2), 100.0))
    return curve


@tagged("post_install", "-at_install")
class TestExtrapolate(TransactionCase):
    """The ages past those observed, by hand."""

    def test_observed_ages_are_not_extrapolated(self):
        curve = observed([30, 20, 10])
        points, method = extrapolate(curve, 2)
        self.assertEqual(points, [(1, 30, 30.0, False), (2, 20, 50.0, False)])
        self.assertFalse(method)

    def test_constant_rate(self):
        points, method = extrapolate(observed([30, 20, 10, 10, 4]), 7, "constant")
        self.assertEqual(method, "constant")
        # The mean of the last three rates, (10 + 10 + 4) / 3 = 8.
        self.assertEqual(points[5:], [(6, 8.0, 82.0, True), (7, 8.0, 90.0, True)])
        self.assertFalse(any(point[3] for point in points[:5]))

    def test_weibull_continues_a_power_law(self):
        """Cumulative claims of 10 * age ** 0.5 per 1,000 units: the fit
        finds it again, so age 9 reaches 10 * 3 = 30."""
        cumulative = [10 * age**0.5 for age in range(1, 5)]
        rates = [cumulative[0]] + [b - a for a, b in pairwise(cumulative)]
        points, method = extrapolate(observed([round(r, 6) for r in rates]), 9)
        self.assertEqual(method, "weibull")
        self.assertAlmostEqual(points[-1][2], 30.0, delta=0.05)
        self.assertAlmostEqual(points[-1][1], 10 * (9**0.5 - 8**0.5), delta=0.01)
        self.assertEqual([point[3] for point in points], [False] * 4 + [True] * 5)

    def test_weibull_needs_three_points(self):
        points, method = extrapolate(observed([0, 0, 12]), 4)
        self.assertEqual(method, "constant")
        self.assertEqual(points[-1], (4, 4.0, 16.0, True))

    def test_no_observed_age(self):
        points, method = extrapolate([(1, None, None, 0.0)], 3)
        self.assertEqual(points, [(age, None, None, False) for age in (1, 2, 3)])
        self.assertFalse(method)


class ForecastCommon(ExposureCommon):
    """Units in service and their claims, to forecast by hand.

    Product P: 100 units sold six months ago (the 1st), covered for twelve
    calendar months, so seven months in service today and five ahead; 4
    units sold with them, void today; 5 units sold eight months ago, whose
    six months of coverage ended two months ago. The void and the expired
    units count in the curve (they were in service), not ahead. So 109
    units at ages 1 to 6, with 3, 2, then 1 claim a month: 27.52, 18.35
    then 9.17 per 1,000; at age 7 (this month) 104 units for the share of
    the month gone, no claim: 0. Ages 8 to 12 nobody reached. And 10 units
    of company B, without claims."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._product("Boiler (test)")
        cls.units = cls._warranty(cls.product, 100, month(-6), month(5, -1))
        cls.claims = cls.env["aftersales.claim"]
        for age, claims in ((1, 3), (2, 2), (3, 1), (4, 1), (5, 1), (6, 1)):
            for day in range(1, claims + 1):
                cls.claims |= cls._claim(
                    cls.product, month(age - 7, day + 1), cls.units
                )
        cls._warranty(cls.product, 5, month(-8), month(-3, -1))
        cls._warranty(cls.product, 4, month(-6), month(5, -1))._void("Test")
        cls._warranty(cls.product, 10, month(-6), month(5, -1), cls.company_b)
        cls.exposure._refresh()


@tagged("post_install", "-at_install")
class TestClaimForecast(ForecastCommon):
    """The claims ahead of the units in service, by hand (ForecastCommon)."""

    def _forecast(self, method="constant", user=None):
        exposure = self.exposure.with_user(user or self.aftersales_user)
        return exposure._claim_forecast(
            [("product_id", "=", self.product.id)], months=12, method=method
        )

    def test_claims_ahead(self):
        forecast = self._forecast()
        self.assertEqual(list(forecast), [(self.company, self.product)])
        figures = forecast[self.company, self.product]
        self.assertEqual(figures["units"], 100)
        # Age 7 is this month: 0 claims over the share of it seen so far.
        today = fields.Date.today()
        seen = today.day / calendar.monthrange(today.year, today.month)[1]
        curve = self.exposure.with_user(self.aftersales_user)._mis_curve(
            [("product_id", "=", self.product.id)], groupby="product_id"
        )[self.product]
        self.assertEqual(curve[5], (6, 9.17, 82.57, 109.0))
        self.assertEqual(curve[6], (7, 0.0, 82.57, round(104 * seen, 2)))
        self.assertEqual(len(curve), 7)
        # Ages 8 to 12 extrapolated at (9.17 + 9.17 + 0) / 3 = 6.11 per
        # 1,000: 0.611 claims a month of the 100 units, for five months.
        self.assertEqual(
            [round(claims, 4) for claims in figures["claims"]],
            [0.611] * 5 + [0.0] * 7,
        )
        self.assertEqual(figures["claims_later"], 0)
        self.assertTrue(figures["extrapolated"])
        self.assertEqual(figures["method"], "constant")

    def test_weibull_by_default(self):
        figures = self._forecast("weibull")[self.company, self.product]
        self.assertEqual(figures["method"], "weibull")
        self.assertEqual(figures["claims"][5:], [0.0] * 7)
        self.assertTrue(all(claims > 0 for claims in figures["claims"][:5]))

    def test_other_company(self):
        forecast = self._forecast(user=self.user_company_b)
        # Company B's units, without claims of their own: none expected.
        self.assertEqual(list(forecast), [(self.company_b, self.product)])
        figures = forecast[self.company_b, self.product]
        self.assertEqual(figures["units"], 10)
        self.assertEqual(figures["claims"], [0.0] * 12)

    def test_a_claim_dated_ahead(self):
        """A claim imported with a date to come (the form refuses one) has a
        month of its own in the figures: the units in service are still
        those of today."""
        claim = self._claim(self.product, month(0))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE aftersales_claim SET date_claim = %s WHERE id = %s",
            (month(3), claim.id),
        )
        self.exposure._refresh()
        figures = self._forecast()[self.company, self.product]
        self.assertEqual(figures["units"], 100)
        self.assertEqual(round(figures["claims"][0], 4), 0.611)

    def test_no_units(self):
        self.assertEqual(self.exposure._claim_forecast([("product_id", "=", 0)]), {})

    def test_queries_do_not_grow_with_products(self):
        for index in range(4):
            product = self._product(f"Kettle {index} (test)")
            warranty = self._warranty(product, 3, month(-4), month(7, -1))
            self._claim(product, month(-3, 2), warranty)
        self.exposure._refresh()
        exposure = self.exposure.with_user(self.aftersales_user)
        one = [("product_id", "=", self.product.id)]
        exposure._claim_forecast()  # warm the caches
        with self.assertQueryCount(__system__=4):
            self.assertEqual(len(exposure._claim_forecast(one)), 1)
        with self.assertQueryCount(__system__=4):
            self.assertEqual(len(exposure._claim_forecast()), 5)
