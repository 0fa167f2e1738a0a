# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The law a claim follows and the person responsible for it, whoever opens
the claim and however; and a warranty layer that has not started yet."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import SUPERUSER_ID, fields
from odoo.exceptions import ValidationError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AftersalesWarrantyCommon


class LawCommon(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The terms name the Russian law, as the demo's do; the company's
        # default is the EU one.
        cls.policy_24.legal_profile_id = cls.profile_ru
        cls.company.aftersales_legal_profile_id = cls.profile_eu
        cls.customer_us = cls.env["res.partner"].create(
            {
                "name": "Jane (test)",
                "email": "jane@example.com",
                "country_id": cls.env.ref("base.us").id,
            }
        )
        cls.customer_jp = cls.env["res.partner"].create(
            {"name": "Kenji (test)", "country_id": cls.env.ref("base.jp").id}
        )
        cls.portal_us = new_test_user(
            cls.env,
            login="as_portal_us",
            password="as_portal_us",
            groups="base.group_portal",
            partner_id=cls.customer_us.id,
        )
        cls.responsible = new_test_user(
            cls.env,
            login="as_claims_responsible",
            groups="aftersales_service.group_aftersales_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.company.aftersales_responsible_id = cls.responsible

    def _unit(self, serial, partner):
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)], partner=partner)
        self._deliver(order.picking_ids)
        return self._warranties(order)


@tagged("post_install", "-at_install")
class TestLawOfTheCustomer(LawCommon):
    def test_customer_country_then_terms_then_company(self):
        claims = self.env["aftersales.claim"].with_user(self.aftersales_user)
        cases = [
            (self.customer_us, "SN-LAW-US", self.profile_us, "country"),
            (self.customer, "SN-LAW-RU", self.profile_ru, "country"),
            (self.customer_jp, "SN-LAW-JP", self.profile_ru, "terms"),
        ]
        for partner, serial, profile, rule in cases:
            with self.subTest(country=partner.country_id.code):
                warranty = self._unit(serial, partner)
                self.assertEqual(warranty.legal_profile_id, profile)
                claim = claims.create({"serial": serial})
                self.assertEqual(claim.legal_profile_id, profile)
                self.assertEqual(claim.legal_profile_rule, rule)
        # No profile for Japan and none in the terms: the company's.
        self.policy_24.legal_profile_id = False
        claim = claims.create(
            {
                "partner_id": self.customer_jp.id,
                "product_id": self.product_untracked.id,
                "symptom": "x",
            }
        )
        self.assertEqual(claim.legal_profile_id, self.profile_eu)
        self.assertEqual(claim.legal_profile_rule, "company")

    def test_rule_shown_and_kept_on_reception(self):
        self._unit("SN-LAW-K", self.customer_us)
        claim = (
            self.env["aftersales.claim"]
            .with_user(self.aftersales_user)
            .create({"serial": "SN-LAW-K"})
        )
        claim.legal_profile_id = self.profile_eu
        self.assertEqual(claim.legal_profile_rule, "manual")
        claim.legal_profile_id = self.profile_us
        self.assertEqual(claim.legal_profile_rule, "country")
        claim.action_receive()
        # The customer moves: the received claim keeps its law and its rule.
        self.customer_us.country_id = self.env.ref("base.ru")
        self.assertEqual(claim.legal_profile_id, self.profile_us)
        self.assertEqual(claim.legal_profile_rule, "country")
        # A new claim of theirs follows the new country.
        claim_after = claim.copy({"serial": "SN-LAW-K"})
        self.assertEqual(claim_after.legal_profile_id, self.profile_ru)


@tagged("post_install", "-at_install")
class TestResponsibleIsStaff(LawCommon):
    def test_automatic_and_superuser_claims_get_the_responsible(self):
        self._unit("SN-RESP-1", self.customer)
        as_root = self.env["aftersales.claim"].with_user(SUPERUSER_ID)
        claim = as_root.create({"serial": "SN-RESP-1"})
        self.assertEqual(claim.user_id, self.responsible)
        # Naming the superuser explicitly changes nothing.
        claim_b = as_root.create({"serial": "SN-RESP-1", "user_id": SUPERUSER_ID})
        self.assertEqual(claim_b.user_id, self.responsible)
        # Staff who open a claim handle it.
        claim_c = (
            self.env["aftersales.claim"]
            .with_user(self.aftersales_user)
            .create({"serial": "SN-RESP-1"})
        )
        self.assertEqual(claim_c.user_id, self.aftersales_user)

    def test_superuser_or_portal_user_refused_as_responsible(self):
        portal = new_test_user(
            self.env, login="as_portal_resp", groups="base.group_portal"
        )
        claim = (
            self.env["aftersales.claim"]
            .with_user(self.aftersales_manager)
            .create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product_untracked.id,
                    "symptom": "Noisy",
                }
            )
        )
        for user in (portal, self.env["res.users"].browse(SUPERUSER_ID)):
            with (
                self.subTest(user=user.login),
                self.assertRaises(ValidationError),
                self.cr.savepoint(),
            ):
                claim.user_id = user
        self.assertEqual(claim.user_id, self.aftersales_manager)

    def test_settings_refuse_portal_user_and_superuser(self):
        portal = new_test_user(
            self.env, login="as_portal_settings", groups="base.group_portal"
        )
        for field in ("aftersales_responsible_id", "aftersales_manager_id"):
            for user in (portal, self.env["res.users"].browse(SUPERUSER_ID)):
                with (
                    self.subTest(field=field, user=user.login),
                    self.assertRaises(ValidationError),
                    self.cr.savepoint(),
                ):
                    self.company[field] = user
        self.assertEqual(self.company.aftersales_responsible_id, self.responsible)


@tagged("post_install", "-at_install")
class TestClaimDates(LawCommon):
    def test_dates_that_contradict_each_other_are_refused(self):
        self._unit("SN-DATE-1", self.customer)
        claims = self.env["aftersales.claim"].with_user(self.aftersales_user)
        today = fields.Date.today()
        refused = [
            {"date_claim": today + timedelta(days=1)},
            {
                "date_claim": today - timedelta(days=3),
                "loaner_requested": True,
                "date_loaner_requested": today - timedelta(days=5),
            },
        ]
        for values in refused:
            with (
                self.subTest(values=values),
                self.assertRaises(ValidationError),
                self.cr.savepoint(),
            ):
                claims.create({"serial": "SN-DATE-1", **values})
        self.assertFalse(claims.search([("serial", "=", "SN-DATE-1")]))
        # Asking for a loaner without a day: asked today.
        claim = claims.create({"serial": "SN-DATE-1", "loaner_requested": True})
        self.assertEqual(claim.date_loaner_requested, today)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            claim.date_loaner_requested = False
        with self.assertRaises(ValidationError), self.cr.savepoint():
            claim.date_claim = today + timedelta(days=2)
        self.assertEqual(claim.date_claim, today)


@tagged("post_install", "-at_install")
class TestPortalClaimLawAndResponsible(LawCommon, HttpCase):
    def test_us_customer_on_the_portal(self):
        warranty = self._unit("SN-LAW-P", self.customer_us)
        self.authenticate("as_portal_us", "as_portal_us")
        page = self.url_open(
            "/my/claims/submit",
            data={
                "csrf_token": Request.csrf_token(self),
                "claim_type": "repair",
                "symptom": "It stopped",
                "warranty_id": warranty.id,
            },
        )
        self.assertEqual(page.status_code, 200)
        claim = self.env["aftersales.claim"].search([("serial", "=", "SN-LAW-P")])
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.legal_profile_id, self.profile_us)
        self.assertEqual(claim.legal_profile_rule, "country")
        self.assertEqual(claim.user_id, self.responsible)
        self.assertFalse(claim.user_id.share)


@tagged("post_install", "-at_install")
class TestUpcomingLayers(AftersalesWarrantyCommon):
    def _unit_with_extension(self, serial):
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1), (self.product_extension, 1, 0)])
        self._deliver(order.picking_ids)
        return self._warranties(order)

    def test_extension_is_upcoming_until_it_starts(self):
        base, extension = self._unit_with_extension("SN-UP-1")
        self.assertEqual(extension.parent_id, base)
        self.assertEqual(base.state, "active")
        self.assertEqual(extension.state, "upcoming")
        today = fields.Date.today()
        self.assertGreater(extension.date_start, today)
        coverage = self.env["aftersales.warranty"].check_serial("SN-UP-1")
        self.assertEqual(coverage["warranty_id"], base.id)
        self.assertEqual(coverage["coverage"], "in_warranty")
        self.assertEqual(
            {layer["state"] for layer in coverage["layers"]}, {"active", "upcoming"}
        )
        # The day the extension starts, the cron makes it active and the
        # base warranty expired.
        with freeze_time(extension.date_start):
            self.env["aftersales.warranty"]._cron_expire()
            self.assertEqual(base.state, "expired")
            self.assertEqual(extension.state, "active")
        # A second extension of the same unit is refused while the first is
        # only upcoming.
        with self.assertRaises(ValidationError):
            self.env["aftersales.warranty"].create(
                dict(
                    extension._prepare_extension_vals(),
                    policy_id=self.policy_extended.id,
                )
            )

    def test_claim_before_the_start_is_not_covered(self):
        base, extension = self._unit_with_extension("SN-UP-2")
        self.assertEqual(
            extension._coverage_on(extension.date_start - timedelta(days=1)),
            "out_of_warranty",
        )
        self.assertEqual(extension._coverage_on(extension.date_start), "in_warranty")
        # A claim dated before the delivery has no coverage from it.
        claim = self.env["aftersales.claim"].create(
            {"serial": "SN-UP-2", "date_claim": base.date_start - relativedelta(days=3)}
        )
        self.assertEqual(claim.warranty_id, base)
        self.assertEqual(claim.coverage, "out_of_warranty")

    def test_unit_price_is_the_units_whichever_layer_covers_it(self):
        base, extension = self._unit_with_extension("SN-UP-3")
        paid = base.sale_line_id.price_total / base.sale_line_id.product_uom_qty
        self.assertNotEqual(paid, extension.sale_line_id.price_total)
        claims = self.env["aftersales.claim"].with_user(self.aftersales_user)
        self.assertEqual(claims.create({"serial": "SN-UP-3"}).unit_price, paid)
        # Under the extension: still the price of the unit, not of the
        # extension sold with it.
        with freeze_time(extension.date_start + timedelta(days=5)):
            claim = claims.create({"serial": "SN-UP-3"})
            self.assertEqual(claim.warranty_id, extension)
            self.assertEqual(claim.unit_price, paid)
        # A unit sold elsewhere: its list price, with the same taxes as a sale.
        tax = self.env["account.tax"].create({"name": "VAT 20 (test)", "amount": 20})
        self.product_untracked.write({"taxes_id": tax.ids, "list_price": 500.0})
        claim = claims.create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product_untracked.id,
                "symptom": "Leaks",
            }
        )
        self.assertEqual(claim.unit_price, 600.0)
