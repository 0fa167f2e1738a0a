# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .test_service_exposure import ExposureCommon, month


class WhatifCommon(ExposureCommon):
    """What a longer warranty costs, by hand.

    Product P (category C, terms of 2 months), company A: 100 units sold in
    M-4, covered to the end of M-2, so that months in service 1 to 3 are
    observed over all 100 and nothing after: claims 1, 3, 5 (each replaced
    at P's cost, 200): 10, 30, 50 claims per 1,000 units at ages 1 to 3,
    cumulative 10, 40, 90 = 10 * age^2.
    - Current term 2 months: 40 claims per 1,000 units, 40 / 1000 * 200 = 8
      per unit.
    - New term 3 (observed): 90; extra (90 - 40) / 1000 * 200 = 10; at a
      20 % margin, 10 / 0.8 = 12.50.
    - New term 6, Weibull: the fit of cum = a * age^b is exact, a = 10,
      b = 2: 360 at 6; extra (360 - 40) / 1000 * 200 = 64; price 64 / 0.8
      = 80. Extrapolated from age 4.
    - New term 6, constant rate: the mean rate of ages 1 to 3, 30, for
      ages 4 to 6: 90 + 3 * 30 = 180; extra 140 / 1000 * 200 = 28; price 35.
    Company B: 10 units of P, one claim at age 1 replaced at B's cost of P,
    500: 100 claims per 1,000 units up to age 3; 100 / 1000 * 500 = 50 per
    unit at the current term."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        policies = cls.env["aftersales.warranty.policy"]
        cls.policy_2 = policies.create({"name": "Two months (test)", "duration": 2})
        cls.whatif_category = cls.env["product.category"].create(
            {"name": "What-if (test)", "warranty_policy_id": cls.policy_2.id}
        )
        cls.product = cls._product("Blender (test)", cls.whatif_category)
        cls.product.with_company(cls.company).standard_price = 200.0
        cls.product.with_company(cls.company_b).standard_price = 500.0
        cls.company.aftersales_extended_warranty_margin = 20.0
        units = cls._warranty(cls.product, 100, month(-4), month(-2, -1))
        claims = [(-4, 10)] + [(-3, day) for day in (3, 4, 5)]
        claims += [(-2, day) for day in (3, 4, 5, 6, 7)]
        for offset, day in claims:
            cls._replaced(cls._claim(cls.product, month(offset, day), units))
        units_b = cls._warranty(
            cls.product, 10, month(-4), month(-2, -1), company=cls.company_b
        )
        cls._replaced(cls._claim(cls.product, month(-4, 12), units_b))
        # A product of the category without any unit in service.
        cls.unsold = cls._product("Mixer (test)", cls.whatif_category)
        cls.manager_b = new_test_user(
            cls.env,
            login="as_manager_b",
            groups="aftersales_service.group_aftersales_manager",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.exposure._refresh()
        cls.env["aftersales.claim.analysis"]._refresh()

    @classmethod
    def _replaced(cls, claim):
        claim.write({"state": "done", "resolution": "replaced"})


@tagged("post_install", "-at_install")
class TestWarrantyWhatif(WhatifCommon):
    """The what-if and its extrapolation flag on the example of WhatifCommon;
    bad input; access."""

    def _whatif(self, record, user=None, lang=None, **values):
        """The what-if opened from ``record``'s form, ``values`` typed."""
        context = {"active_model": record._name, "active_id": record.id}
        if lang:
            context["lang"] = lang
        wizard = Form(
            self.env["aftersales.warranty.whatif"]
            .with_user(user or self.aftersales_manager)
            .with_context(**context)
        )
        for name, value in values.items():
            setattr(wizard, name, value)
        return wizard.save()

    def test_current_terms_and_default_new_term(self):
        whatif = self._whatif(self.product.product_tmpl_id)
        self.assertEqual(whatif.policy_id, self.policy_2)
        self.assertEqual(whatif.current_months, 2)
        self.assertEqual(whatif.new_months, 14)
        self.assertEqual(whatif.method, "weibull")
        self.assertEqual(whatif.margin, 20.0)
        self.assertEqual(self.company_b.aftersales_extended_warranty_margin, 30.0)

    def test_observed_term(self):
        whatif = self._whatif(self.product.product_tmpl_id, new_months=3)
        self.assertRecordValues(
            whatif,
            [
                {
                    "has_figures": True,
                    "has_costs": True,
                    "message": False,
                    "unit_count": 100.0,
                    "observed_months": 3,
                    "current_claims": 40.0,
                    "new_claims": 90.0,
                    "cost_per_claim": 200.0,
                    "cost_claim_count": 9,
                    "current_cost": 8.0,
                    "extra_cost": 10.0,
                    "suggested_price": 12.5,
                    "extrapolated": False,
                    "extrapolated_from": 0,
                    "method_used": False,
                }
            ],
        )
        self.assertIn("nothing is extrapolated", whatif.method_note)
        self.assertNotIn("Extrapolated", str(whatif.curve_html))

    def test_weibull_extrapolation(self):
        whatif = self._whatif(self.product.product_tmpl_id, new_months=6)
        self.assertTrue(whatif.extrapolated)
        self.assertEqual(whatif.extrapolated_from, 4)
        self.assertEqual(whatif.method_used, "weibull")
        self.assertAlmostEqual(whatif.current_claims, 40.0, places=2)
        self.assertAlmostEqual(whatif.new_claims, 360.0, places=2)
        self.assertAlmostEqual(whatif.current_cost, 8.0, places=2)
        self.assertAlmostEqual(whatif.extra_cost, 64.0, places=2)
        self.assertAlmostEqual(whatif.suggested_price, 80.0, places=2)
        self.assertIn("Weibull", whatif.method_note)
        html = str(whatif.curve_html)
        self.assertEqual(html.count("Extrapolated"), 3)  # ages 4 to 6
        self.assertEqual(html.count("Observed"), 3)
        self.assertIn("(new term)", html)
        self.assertIn("360.00", html)
        self.assertNotIn("nan", html.lower())

    def test_constant_rate_extrapolation(self):
        whatif = self._whatif(
            self.product.product_tmpl_id, new_months=6, method="constant"
        )
        self.assertTrue(whatif.extrapolated)
        self.assertEqual(whatif.method_used, "constant")
        self.assertAlmostEqual(whatif.new_claims, 180.0, places=2)
        self.assertAlmostEqual(whatif.extra_cost, 28.0, places=2)
        self.assertAlmostEqual(whatif.suggested_price, 35.0, places=2)
        self.assertIn("constant rate", whatif.method_note)

    def test_weibull_falls_back_to_constant_rate(self):
        # Claims at age 2 only: 0, 10, 10 cumulative, two ages with claims,
        # too few for a fit; the mean rate of ages 1 to 3, 10 / 3, for ages 4
        # to 6: 10 + 3 * 10 / 3 = 20 at 6. Extra (20 - 10) / 1000 * 200 = 2.
        product = self._product("Toaster II (test)", self.whatif_category)
        product.with_company(self.company).standard_price = 200.0
        units = self._warranty(product, 100, month(-4), month(-2, -1))
        self._replaced(self._claim(product, month(-3, 5), units))
        self.exposure._refresh()
        self.env["aftersales.claim.analysis"]._refresh()
        whatif = self._whatif(product.product_tmpl_id, new_months=6)
        self.assertEqual(whatif.method, "weibull")
        self.assertEqual(whatif.method_used, "constant")
        self.assertAlmostEqual(whatif.current_claims, 10.0, places=2)
        self.assertAlmostEqual(whatif.new_claims, 20.0, places=2)
        self.assertAlmostEqual(whatif.extra_cost, 2.0, places=2)
        self.assertAlmostEqual(whatif.suggested_price, 2.5, places=2)
        self.assertIn("too few months with claims", whatif.method_note)

    def test_from_the_variant_and_the_category(self):
        variant = self._whatif(self.product, new_months=6)
        self.assertEqual(variant.product_tmpl_id, self.product.product_tmpl_id)
        self.assertAlmostEqual(variant.extra_cost, 64.0, places=2)
        # The category: its terms, the units of all its products (the
        # unsold one adds none).
        category = self._whatif(self.whatif_category, new_months=6)
        self.assertFalse(category.product_tmpl_id)
        self.assertEqual(category.current_months, 2)
        self.assertEqual(category.unit_count, 100.0)
        self.assertAlmostEqual(category.extra_cost, 64.0, places=2)
        self.assertAlmostEqual(category.suggested_price, 80.0, places=2)

    def test_term_not_longer(self):
        for months in (2, 1, 0):
            with self.subTest(months=months):
                whatif = self._whatif(self.product.product_tmpl_id, new_months=months)
                self.assertFalse(whatif.has_figures)
                self.assertIn("must be longer than the current one", whatif.message)
                self.assertFalse(whatif.suggested_price)
        whatif = self._whatif(self.product.product_tmpl_id, new_months=1000)
        self.assertFalse(whatif.has_figures)
        self.assertIn("at most 120 months", whatif.message)

    def test_no_units_in_service(self):
        whatif = self._whatif(self.unsold.product_tmpl_id, new_months=6)
        self.assertFalse(whatif.has_figures)
        self.assertFalse(whatif.has_costs)
        self.assertIn("No unit of Mixer (test) has been in service", whatif.message)
        self.assertFalse(whatif.extra_cost)
        self.assertFalse(whatif.suggested_price)

    def test_no_terms(self):
        bare = self.env["product.category"].create({"name": "Bare (test)"})
        product = self._product("Grinder (test)", bare)
        whatif = self._whatif(product.product_tmpl_id)
        self.assertEqual(whatif.current_months, 0)
        self.assertIn("has no warranty terms", whatif.message)
        # Typed where the terms set none.
        whatif = self._whatif(product.product_tmpl_id, current_months=2, new_months=6)
        self.assertIn("No unit of Grinder (test)", whatif.message)

    def test_cost_per_claim_of_the_category(self):
        # No claim of its own: its category's (the blender's claims, 200);
        # no claim either, no cost: 0 claims per 1,000 units, 0 per unit.
        product = self._product("Juicer (test)", self.whatif_category)
        self._warranty(product, 50, month(-4), month(-2, -1))
        self.exposure._refresh()
        whatif = self._whatif(product.product_tmpl_id, new_months=6)
        self.assertRecordValues(
            whatif,
            [
                {
                    "has_costs": True,
                    "unit_count": 50.0,
                    "new_claims": 0.0,
                    "cost_per_claim": 200.0,
                    "cost_claim_count": 9,
                    "cost_source": "category",
                    "current_cost": 0.0,
                    "extra_cost": 0.0,
                }
            ],
        )
        self.assertEqual(
            self._whatif(self.product.product_tmpl_id, new_months=6).cost_source,
            "own",
        )

    def test_units_without_claims(self):
        # Nor in the category: the cost per claim is unknown.
        category = self.env["product.category"].create(
            {"name": "Quiet (test)", "warranty_policy_id": self.policy_2.id}
        )
        product = self._product("Juicer (test)", category)
        self._warranty(product, 50, month(-4), month(-2, -1))
        self.exposure._refresh()
        self.env["aftersales.claim.analysis"]._refresh()
        whatif = self._whatif(product.product_tmpl_id, new_months=6)
        self.assertTrue(whatif.has_figures)
        self.assertFalse(whatif.has_costs)
        self.assertEqual(whatif.unit_count, 50.0)
        self.assertEqual(whatif.new_claims, 0.0)
        self.assertIn("no claim in warranty yet", whatif.message)
        self.assertFalse(whatif.suggested_price)

    def test_margin_range(self):
        for margin in (-5.0, 100.0, 150.0):
            with self.subTest(margin=margin), self.assertRaises(ValidationError):
                self.company.aftersales_extended_warranty_margin = margin
        self.company.aftersales_extended_warranty_margin = 0.0
        whatif = self._whatif(self.product.product_tmpl_id, new_months=6)
        self.assertAlmostEqual(whatif.suggested_price, 64.0, places=2)
        self.company.aftersales_extended_warranty_margin = 99.5
        whatif = self._whatif(self.product.product_tmpl_id, new_months=6)
        self.assertAlmostEqual(whatif.suggested_price, 12800.0, places=2)

    def test_margin_in_the_settings(self):
        settings = self.env["res.config.settings"].with_user(
            self.env.ref("base.user_admin")
        )
        with Form(settings) as form:
            form.aftersales_extended_warranty_margin = 25.0
        self.assertEqual(self.company.aftersales_extended_warranty_margin, 25.0)

    def test_users_are_refused(self):
        whatifs = self.env["aftersales.warranty.whatif"]
        for user in (self.aftersales_user, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                whatifs.with_user(user).create(
                    {"product_tmpl_id": self.product.product_tmpl_id.id}
                )
        for user, shown in (
            (self.aftersales_user, False),
            (self.aftersales_manager, True),
        ):
            arch = (
                self.env["product.template"]
                .with_user(user)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertEqual("What a Longer Warranty Costs" in arch, shown, user.login)

    def test_company_b_sees_its_own_figures(self):
        whatif = self._whatif(
            self.product.product_tmpl_id, user=self.manager_b, new_months=3
        )
        self.assertEqual(whatif.company_id, self.company_b)
        self.assertRecordValues(
            whatif,
            [
                {
                    "unit_count": 10.0,
                    "current_claims": 100.0,
                    "new_claims": 100.0,
                    "cost_per_claim": 500.0,
                    "cost_claim_count": 1,
                    "current_cost": 50.0,
                    "extra_cost": 0.0,
                }
            ],
        )
        self.assertEqual(whatif.currency_id, self.company_b.currency_id)
        # A manager of both companies: the figures of the current one only.
        self.aftersales_manager.company_ids = self.company | self.company_b
        whatif = Form(
            self.env["aftersales.warranty.whatif"]
            .with_user(self.aftersales_manager)
            .with_company(self.company_b)
            .with_context(
                active_model="product.template",
                active_id=self.product.product_tmpl_id.id,
            )
        )
        whatif.new_months = 3
        whatif = whatif.save()
        self.assertEqual(whatif.company_id, self.company_b)
        self.assertEqual(whatif.unit_count, 10.0)
        self.assertEqual(whatif.current_cost, 50.0)

    def test_in_russian(self):
        self._load_russian()
        template = self.product.product_tmpl_id
        whatif = self._whatif(template, lang="ru_RU", new_months=2)
        self.assertIn("должен быть длиннее текущего", whatif.message)
        whatif = self._whatif(template, lang="ru_RU", new_months=6)
        self.assertIn("по Вейбуллу", whatif.method_note)
        self.assertIn("Экстраполировано", str(whatif.curve_html))


@tagged("post_install", "-at_install")
class TestWarrantyWhatifUi(WhatifCommon, HttpCase):
    def test_manager_prices_a_longer_warranty(self):
        self.start_tour(
            f"/odoo/product.template/{self.product.product_tmpl_id.id}",
            "aftersales_warranty_whatif_tour",
            login="as_manager",
        )
