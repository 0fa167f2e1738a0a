# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import AftersalesWarrantyCommon


def month(offset, day=1):
    """The ``day`` of the month ``offset`` months from this one (day -1:
    its last day)."""
    first = fields.Date.today().replace(day=1) + relativedelta(months=offset)
    if day == -1:
        return first + relativedelta(months=1, days=-1)
    return first.replace(day=day)


class ExposureCommon(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.exposure = cls.env["aftersales.service.exposure"]
        cls.policy = cls.env["aftersales.warranty.policy"].create(
            {"name": "Exposure 12 months (test)", "duration": 12}
        )

    @classmethod
    def _product(cls, name, category=None):
        return cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "categ_id": (category or cls.category).id,
            }
        )

    @classmethod
    def _warranty(cls, product, quantity, date_start, date_end=None, company=None):
        """``quantity`` units of ``product`` in service from ``date_start``,
        covered to ``date_end`` (the terms' end by default)."""
        return cls.env["aftersales.warranty"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": product.id,
                "policy_id": cls.policy.id,
                "quantity": quantity,
                "date_start": date_start,
                **({"date_end": date_end} if date_end else {}),
                "company_id": (company or cls.company).id,
            }
        )

    @classmethod
    def _claim(cls, product, date_claim, warranty=None, **values):
        return cls.env["aftersales.claim"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": product.id,
                "warranty_id": warranty.id if warranty else False,
                "company_id": (warranty.company_id if warranty else cls.company).id,
                "date_claim": date_claim,
                **values,
            }
        )


@tagged("post_install", "-at_install")
class TestUnitsInService(ExposureCommon):
    """Units in service and the claim rate per 1,000 unit-months, by hand.

    Product P, six months of coverage from M0 (a year ago):
    - W1: 10 units, in service the six months: 60 unit-months;
    - W2: 1 unit, returned at the end of M0+1: 2 unit-months;
    - W3: 1 unit, replaced through a claim: its warranty void at the end of
      M0+2 (3 unit-months); the replacement W4 in service from M0+3 for six
      months (6 unit-months).
    Exposure per month: 12, 12, 11, 11, 11, 11, then 1, 1, 1 (W4): 71.
    Claims: C1 on W1 in M0+1 and C2 on W3 in M0+2 (in service); C3 on W2
    after its return (outside); C4 on P without a warranty (no warranty);
    C5 on W1, cancelled (not counted)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._product("Dryer (test)")
        cls.other = cls._product("Toaster (test)")
        m0 = -12
        cls.w1 = cls._warranty(cls.product, 10, month(m0), month(m0 + 5, -1))
        cls.w2 = cls._warranty(cls.product, 1, month(m0), month(m0 + 5, -1))
        cls.w3 = cls._warranty(cls.product, 1, month(m0), month(m0 + 5, -1))
        cls.w2.write({"date_closed": month(m0 + 1, -1), "state": "expired"})
        cls.c1 = cls._claim(cls.product, month(m0 + 1, 5), cls.w1)
        cls.c2 = cls._claim(cls.product, month(m0 + 2, 10), cls.w3)
        cls.c2.write({"state": "done", "resolution": "replaced"})
        cls.w3._void("Replaced through claim (test)")
        cls.w3.date_void = month(m0 + 2, -1)
        cls.w4 = cls._warranty(cls.product, 1, month(m0 + 3), month(m0 + 8, -1))
        cls.c3 = cls._claim(cls.product, month(m0 + 3, 3), cls.w2)
        cls.c4 = cls._claim(cls.product, month(m0 + 1, 7))
        cls.c5 = cls._claim(cls.product, month(m0 + 4, 2), cls.w1)
        cls.c5.action_cancel()
        # A product with a claim and no unit in service at all.
        cls.c_other = cls._claim(cls.other, month(m0 + 1, 9))
        cls.m0 = m0
        cls.exposure._refresh()

    def _sums(self, domain, user=None):
        exposure = self.exposure.with_user(user or self.aftersales_user)
        return exposure.read_group(
            domain,
            [
                "exposure",
                "unit_count",
                "claim_count",
                "service_claim_count",
                "claim_rate",
            ],
            [],
        )[0]

    def test_void_date(self):
        warranty = self._warranty(self.product, 1, month(-2))
        warranty.action_void()
        self.assertEqual(warranty.date_void, fields.Date.today())
        warranty.action_reactivate()
        self.assertFalse(warranty.date_void)

    def test_exposure_per_month(self):
        rows = self.exposure.with_user(self.aftersales_user)._read_group(
            [("product_id", "=", self.product.id)],
            ["date:month"],
            [
                "exposure:sum",
                "unit_count:sum",
                "service_claim_count:sum",
                "claim_count:sum",
            ],
        )
        by_month = {
            row[0]: dict(
                zip(
                    ["exposure", "unit_count", "service_claim_count", "claim_count"],
                    row[1:],
                    strict=True,
                )
            )
            for row in rows
        }
        expected = [12, 12, 11, 11, 11, 11, 1, 1, 1]
        for offset, units in enumerate(expected):
            row = by_month[month(self.m0 + offset)]
            self.assertAlmostEqual(row["exposure"], units, places=6)
        # Units in service at the month's end: the returned unit until its
        # return, the replaced one until its warranty was void.
        self.assertEqual(by_month[month(self.m0 + 1)]["unit_count"], 12)
        self.assertEqual(by_month[month(self.m0 + 2)]["unit_count"], 11)
        self.assertEqual(by_month[month(self.m0 + 3)]["unit_count"], 11)
        self.assertEqual(by_month[month(self.m0 + 1)]["service_claim_count"], 1)
        # C1 and C4 in M0+1: both claims of the month, one in service.
        self.assertEqual(by_month[month(self.m0 + 1)]["claim_count"], 2)
        self.assertEqual(len(by_month), 9)

    def test_rate(self):
        first_quarter = [
            ("product_id", "=", self.product.id),
            ("date", ">=", month(self.m0)),
            ("date", "<=", month(self.m0 + 2, -1)),
        ]
        sums = self._sums(first_quarter)
        self.assertAlmostEqual(sums["exposure"], 35, places=6)
        self.assertEqual(sums["service_claim_count"], 2)
        self.assertEqual(sums["claim_count"], 3)  # C1, C2, C4
        self.assertEqual(sums["claim_rate"], round(2 / 35 * 1000, 2))  # 57.14
        total = self._sums([("product_id", "=", self.product.id)])
        self.assertAlmostEqual(total["exposure"], 71, places=6)
        self.assertEqual(total["service_claim_count"], 2)
        self.assertEqual(total["claim_count"], 4)
        self.assertEqual(total["claim_rate"], 28.17)

    def test_claims_without_units_say_why(self):
        rows = self.exposure.with_user(self.aftersales_user).search(
            [("rate_note", "!=", False)]
        )
        notes = {(row.product_id, row.date): row.rate_note for row in rows}
        self.assertEqual(
            notes,
            {
                (self.product, month(self.m0 + 3)): "outside",
                (self.product, month(self.m0 + 1)): "no_warranty",
                (self.other, month(self.m0 + 1)): "no_warranty",
            },
        )
        # A product without units in service: its claim, no rate (not 0).
        other = self._sums([("product_id", "=", self.other.id)])
        self.assertEqual(other["claim_count"], 1)
        self.assertEqual(other["exposure"], 0)
        self.assertIn(other["claim_rate"], (None, False))
        # A period without any unit: no figure at all.
        empty = self._sums(
            [("product_id", "=", self.product.id), ("date", ">", month(0))]
        )
        self.assertIn(empty["claim_rate"], (None, False))
        self.assertEqual(empty["__count"], 0)

    def test_company_b_sees_its_own_figures(self):
        product_b = self._product("Fan (test)")
        self._warranty(product_b, 4, month(-3), month(-2, -1), company=self.company_b)
        self.exposure._refresh()
        as_b = self.exposure.with_user(self.user_company_b)
        self.assertFalse(as_b.search_count([("product_id", "=", self.product.id)]))
        sums = as_b.read_group([], ["exposure"], [])[0]
        self.assertAlmostEqual(sums["exposure"], 8, places=6)
        self.assertFalse(
            self.exposure.with_user(self.aftersales_user).search_count(
                [("product_id", "=", product_b.id)]
            )
        )

    def test_access(self):
        with self.assertRaises(AccessError):
            self.exposure.with_user(self.employee).search([])
        self.assertTrue(self.exposure.with_user(self.aftersales_manager).search([]))

    def test_views_open_for_users(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_service_exposure_action_mis"
        )
        self.assertIn("'graph_cumulated': True", action["context"])
        views = self.exposure.with_user(self.aftersales_user).get_views(
            [(False, "graph"), (False, "pivot"), (False, "list"), (False, "search")]
        )
        self.assertIn('type="line"', views["views"]["graph"]["arch"])
        self.assertIn("months_in_service", views["views"]["graph"]["arch"])

    def test_refresh_in_the_analysis_cron(self):
        self._warranty(self.other, 2, month(-1), month(0, -1))
        domain = [("product_id", "=", self.other.id), ("date", "=", month(-1))]
        self.assertFalse(self.exposure.search(domain))
        self.env["aftersales.claim.analysis"]._cron_refresh()
        self.assertAlmostEqual(self._sums(domain)["exposure"], 2, places=6)


@tagged("post_install", "-at_install")
class TestMisCurves(ExposureCommon):
    """Months-in-service curves on three cohorts, censored, by hand (the
    figures as they stood at the end of last month, M-1):
    - A, sold in M-5: 10 units, one of them returned at the end of its
      second month: 10, 10, 9, 9, 9 units at ages 1 to 5; claims 1, 0, 2,
      0, 1;
    - B, sold in M-3: 20 units at ages 1 to 3; claims 2, 0, 1;
    - C, sold in M-1: 5 units at age 1; 1 claim."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._product("Heater (test)")
        p = cls.product
        a = cls._warranty(p, 9, month(-5), month(6, -1))
        a_returned = cls._warranty(p, 1, month(-5), month(6, -1))
        a_returned.write({"date_closed": month(-4, -1), "state": "expired"})
        b = cls._warranty(p, 20, month(-3), month(8, -1))
        c = cls._warranty(p, 5, month(-1), month(10, -1))
        for warranty, day in (
            (a, month(-5, 3)),
            (a, month(-3, 4)),
            (a, month(-3, 20)),
            (a, month(-1, 8)),
            (b, month(-3, 9)),
            (b, month(-3, 10)),
            (b, month(-1, 11)),
            (c, month(-1, 12)),
        ):
            cls._claim(p, day, warranty)
        cls.exposure._refresh()
        cls.date_ref = month(-1, -1)

    def _curves(self, **kwargs):
        return self.exposure.with_user(self.aftersales_user)._mis_curve(
            [("product_id", "=", self.product.id)], date_ref=self.date_ref, **kwargs
        )

    def assertCurve(self, curve, expected):
        self.assertEqual([point[0] for point in curve], [1, 2, 3, 4, 5])
        for (age, rate, cumulative, units), (e_rate, e_cumulative, e_units) in zip(
            curve, expected, strict=True
        ):
            with self.subTest(age=age):
                self.assertEqual(units, e_units)
                if e_rate is None:
                    self.assertIsNone(rate)
                    self.assertIsNone(cumulative)
                else:
                    self.assertAlmostEqual(rate, e_rate, places=2)
                    self.assertAlmostEqual(cumulative, e_cumulative, places=2)

    def test_cohorts(self):
        curves = self._curves()
        self.assertEqual(set(curves), {month(-5), month(-3), month(-1), False})
        self.assertCurve(
            curves[month(-5)],
            [
                (100, 100, 10),
                (0, 100, 10),
                (2000 / 9, 100 + 2000 / 9, 9),
                (0, 100 + 2000 / 9, 9),
                (1000 / 9, 100 + 3000 / 9, 9),
            ],
        )
        # Censored: B reached age 3, C age 1; no figure after (not 0).
        self.assertCurve(
            curves[month(-3)],
            [(100, 100, 20), (0, 100, 20), (50, 150, 20), (None, 0, 0), (None, 0, 0)],
        )
        self.assertCurve(
            curves[month(-1)],
            [(200, 200, 5)] + [(None, 0, 0)] * 4,
        )

    def test_overall(self):
        # Each age over the units that reached it: 35, 30, 29, 9, 9.
        r1, r3, r5 = 4000 / 35, 3000 / 29, 1000 / 9
        self.assertCurve(
            self._curves()[False],
            [
                (r1, r1, 35),
                (0, r1, 30),
                (r3, r1 + r3, 29),
                (0, r1 + r3, 9),
                (r5, r1 + r3 + r5, 9),
            ],
        )

    def test_graph_rate_per_age(self):
        rows = self.exposure.with_user(self.aftersales_user).read_group(
            [
                ("product_id", "=", self.product.id),
                ("rate_note", "=", False),
                ("date", "<=", self.date_ref),
            ],
            ["age_rate", "unit_at_age"],
            ["months_in_service"],
        )
        rates = {row["months_in_service"]: row["age_rate"] for row in rows}
        self.assertEqual(rates[1], round(4000 / 35, 2))
        self.assertEqual(rates[3], round(3000 / 29, 2))
        self.assertEqual(rates[4], 0)

    def test_future_reference_date(self):
        with self.assertRaises(UserError):
            self._curves_at(fields.Date.today() + relativedelta(days=1))
        self.assertTrue(self._curves_at(fields.Date.today()))

    def _curves_at(self, date_ref):
        return self.exposure.with_user(self.aftersales_user)._mis_curve(
            [("product_id", "=", self.product.id)], date_ref=date_ref
        )

    def test_table(self):
        table = (
            self.env["aftersales.service.exposure.curve"]
            .with_user(self.aftersales_user)
            .create({"product_id": self.product.id, "date_ref": self.date_ref})
        )
        html = str(table.table_html)
        # A's cumulative at ages 1 to 5, then C's: one age, four empty.
        self.assertIn("433.3", html)
        self.assertIn("322.2", html)
        self.assertEqual(html.count("No unit reached this age yet"), 2 + 4)
        self.assertNotIn("nan", html.lower())
        table.date_ref = fields.Date.today() + relativedelta(days=1)
        self.assertIn("is in the future", str(table.table_html))

    def test_no_units(self):
        curves = self.exposure._mis_curve([("product_id", "=", 0)])
        self.assertEqual(curves, {False: []})

    def test_curve_queries(self):
        exposure = self.exposure.with_user(self.aftersales_user)
        exposure._mis_curve([("product_id", "=", self.product.id)])  # warm
        with self.assertQueryCount(1):
            exposure._mis_curve([("product_id", "=", self.product.id)])


@tagged("post_install", "-at_install")
class TestEarlyWarning(ExposureCommon):
    """A sale month worse at 3 MIS than the product's earlier sales times the
    category's factor (2) raises a proposal; the others do not.
    - M-10: 100 units, claims at ages 1 and 3: R/1000 at 3 MIS = 20;
    - M-5: 50 units, 1 claim at age 1: 20; its history (M-10) 20: no;
    - M-4: 20 units, 3 claims at age 2: 150; history (M-10 and M-5: 2
      claims at age 1 and 1 at age 3 over 150 units) 20, times 2 = 40: yes;
    - M-1: 30 units, 5 claims: not 3 months in service yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_manager_id = cls.aftersales_manager
        cls.parent_category = cls.env["product.category"].create(
            {
                "name": "Heating (test)",
                "aftersales_early_warning_factor": 2.0,
                "aftersales_alert_min_units": 10,
            }
        )
        # The sub-category follows its parent's factor.
        cls.sub_category = cls.env["product.category"].create(
            {"name": "Radiators (test)", "parent_id": cls.parent_category.id}
        )
        cls.product = cls._product("Radiator (test)", cls.sub_category)
        p = cls.product
        old = cls._warranty(p, 100, month(-10))
        cls._claim(p, month(-10, 5), old)
        cls._claim(p, month(-8, 5), old)
        good = cls._warranty(p, 50, month(-5))
        cls._claim(p, month(-5, 5), good)
        bad = cls._warranty(p, 20, month(-4))
        for day in (2, 3, 4):
            cls._claim(p, month(-3, day), bad)
        young = cls._warranty(p, 30, month(-1))
        for day in (2, 3, 4, 5, 6):
            cls._claim(p, month(-1, day), young)
        cls.proposals = cls.env["aftersales.withdrawal.proposal"]

    def test_bad_cohort_flagged(self):
        proposals = self.proposals._cron_systematic_defects()
        self.assertEqual(len(proposals), 1)
        self.assertRecordValues(
            proposals,
            [
                {
                    "product_id": self.product.id,
                    "alert_type": "early_warning",
                    "date_cohort": month(-4),
                    "date_from": month(-4),
                    "date_to": month(-2, -1),
                    "unit_count": 20,
                    "claim_count": 3,
                    "early_rate": 150.0,
                    "early_reference": 20.0,
                    "claim_rate": 15.0,
                    "threshold": 4.0,
                    "state": "to_decide",
                }
            ],
        )
        activity = proposals.activity_ids
        self.assertEqual(activity.user_id, self.aftersales_manager)
        self.assertIn("150.0", str(activity.note))
        # Once to decide, not proposed again.
        self.assertFalse(self.proposals._cron_systematic_defects())

    def test_category_history(self):
        # A new product of the category, without earlier sales of its own:
        # its sale month is judged against the category's (20, as above).
        newcomer = self._product("Radiator II (test)", self.sub_category)
        units = self._warranty(newcomer, 20, month(-4))
        for day in (2, 3):
            self._claim(newcomer, month(-3, day), units)
        proposals = self.proposals._cron_systematic_defects()
        newcomer_proposal = proposals.filtered(lambda p: p.product_id == newcomer)
        self.assertRecordValues(
            newcomer_proposal,
            [{"date_cohort": month(-4), "early_rate": 100.0, "early_reference": 20.0}],
        )
        self.assertEqual(proposals.product_id, self.product | newcomer)

    def test_no_factor_no_warning(self):
        self.parent_category.aftersales_early_warning_factor = 0
        self.assertFalse(self.proposals._cron_systematic_defects())

    def test_factor_range(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self.parent_category.write({"aftersales_early_warning_factor": 0.5})
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestMisCurvesUi(ExposureCommon, HttpCase):
    def test_user_reads_the_curves(self):
        product = self._product("Oven (test)")
        units = self._warranty(product, 10, month(-3))
        self._claim(product, month(-2, 5), units)
        self.exposure._refresh()
        self.start_tour(
            "/odoo/action-aftersales_service.aftersales_service_exposure_action",
            "aftersales_mis_curves_tour",
            login="as_user",
        )
