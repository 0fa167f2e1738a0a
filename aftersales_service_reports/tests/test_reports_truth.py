# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from lxml import html as lxml_html

from odoo import SUPERUSER_ID, fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .test_reports import ReportsCommon, us_date

PREFIX = "aftersales_service_reports.action_report_"
CLAIM_ACTS = ("claim_acceptance", "claim_repair", "claim_answer", "claim_conclusion")
SIGNATORY = (
    "//span[contains(concat(' ', normalize-space(@class), ' '),"
    " ' o_aftersales_company_signatory ')]"
)
REPAIR_GAP = "//div[contains(@class, 'o_aftersales_repair_gap')]"


def texts(html, xpath):
    """The texts of the elements of ``html`` that ``xpath`` finds."""
    return [
        " ".join(node.text_content().split())
        for node in lxml_html.fromstring(html).xpath(xpath)
    ]


@tagged("post_install", "-at_install")
class TestReportsTruth(ReportsCommon):
    """What the printed documents say is true: the warranty layer in force
    on the claim date, the repair's own status, people of the staff as the
    company's signatories, the legal profile in the customer's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.responsible = new_test_user(
            cls.env,
            login="as_rt_responsible",
            name="Rita Responsible (test)",
            groups="aftersales_service.group_aftersales_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.technician = new_test_user(
            cls.env,
            login="as_rt_technician",
            name="Tom Technician (test)",
            groups="aftersales_service.group_aftersales_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.company.aftersales_responsible_id = cls.responsible
        cls.portal_customer = cls.env["res.partner"].create(
            {"name": "Paula Portal (test)", "country_id": cls.env.ref("base.ru").id}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="as_rt_portal",
            name="Paula Portal (test)",
            groups="base.group_portal",
            partner_id=cls.portal_customer.id,
        )
        # No e-mail to the customer: these tests read the documents.
        cls.portal_customer.email = False
        cls.odoobot = cls.env["res.users"].browse(SUPERUSER_ID)
        cls.claims = cls.env["aftersales.claim"].with_user(cls.aftersales_user)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _html(self, xmlid, records, user=None):
        """The document as an after-sales user prints it."""
        reports = self.reports.with_user(user or self.aftersales_user)
        return reports._render_qweb_html(xmlid, records.ids)[0].decode()

    def _unit_with_extension(self, serial, partner=None):
        """A unit sold with an extended warranty: (base, extension); the
        extension starts the day after the base warranty ends."""
        self._stock(self.product_serial, serials=[serial])
        order = self._sell(
            [(self.product_serial, 1), (self.product_extension, 1, 0)],
            partner=partner,
        )
        self._deliver(order.picking_ids)
        warranties = self._warranties(order)
        base = warranties.filtered(lambda w: not w.parent_id)
        extension = warranties - base
        self.assertEqual(extension.parent_id, base)
        self.assertGreater(extension.date_start, fields.Date.today())
        return base, extension

    def _unit(self, serial, partner=None):
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)], partner=partner)
        self._deliver(order.picking_ids)
        return self._warranties(order)

    def _repair(self, claim):
        """Receive the claim's item and open its repair (as the after-sales
        user)."""
        claim = claim.with_user(self.aftersales_user)
        claim.action_receive()
        claim.action_create_repair()
        return claim.repair_ids

    def _return(self, claim):
        """Finish the claim's repair and give the item back."""
        claim = claim.with_user(self.aftersales_user)
        repair = claim.repair_ids.sudo()
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        claim.action_ready()
        claim.action_return()
        self.assertEqual(claim.state, "done")
        return claim

    def _signatories(self, claim, acts=CLAIM_ACTS):
        """Act -> the name printed on the company's signature line."""
        result = {}
        for act in acts:
            names = texts(self._html(PREFIX + act, claim), SIGNATORY)
            self.assertEqual(len(names), 1, act)
            result[act] = names[0]
        return result

    # ------------------------------------------------------------------
    # 1. The warranty in force, the repair's own status
    # ------------------------------------------------------------------

    def test_every_act_cites_the_layer_in_force_not_the_extension(self):
        base, extension = self._unit_with_extension("SN-TR1")
        claim = self.claims.create({"serial": "SN-TR1"})
        self.assertEqual(claim.warranty_id, base)
        self.assertEqual(claim.coverage, "in_warranty")
        self._repair(claim)
        self.assertTrue(claim.repair_ids.under_warranty)
        self._return(claim)
        for act in CLAIM_ACTS:
            with self.subTest(act=act):
                html = self._html(PREFIX + act, claim)
                for text in (
                    "Maker 24 months",
                    us_date(base.date_start),
                    us_date(base.date_end),
                    "In Warranty",
                ):
                    self.assertIn(text, html)
                for text in (
                    "Extended 12 months",
                    us_date(extension.date_start),
                    us_date(extension.date_end),
                ):
                    self.assertNotIn(text, html)
        html = self._html(PREFIX + "claim_repair", claim)
        self.assertIn("Under warranty, free of charge.", html)
        self.assertNotIn("Paid repair", html)
        self.assertFalse(texts(html, REPAIR_GAP))

    def test_portal_claim_naming_the_extension_cites_the_base_warranty(self):
        """The portal form sends the layer the customer picked (here the
        extension, not started): the claim and its acts take the layer in
        force on the claim date."""
        base, extension = self._unit_with_extension(
            "SN-TR2", partner=self.portal_customer
        )
        claim = (
            self.env["aftersales.claim"]
            .with_user(self.portal_user)
            .sudo()
            .create(
                {
                    "partner_id": self.portal_customer.id,
                    "serial": extension.serial,
                    "product_id": extension.product_id.id,
                    "warranty_id": extension.id,
                    "symptom": "Leaks (test)",
                }
            )
        )
        self.assertEqual(claim.warranty_id, base)
        self.assertEqual(claim.coverage, "in_warranty")
        self._repair(claim)
        self._return(claim)
        for act in CLAIM_ACTS:
            with self.subTest(act=act):
                html = self._html(PREFIX + act, claim)
                self.assertIn("Maker 24 months", html)
                self.assertNotIn("Extended 12 months", html)
                self.assertNotIn(us_date(extension.date_start), html)
        self.assertNotIn("Paid repair", self._html(PREFIX + "claim_repair", claim))

    def test_partial_terms_paid_repair_says_why(self):
        self.policy_24.write({"parts_coverage": 80, "labour_coverage": 50})
        self._unit("SN-TR3")
        claim = self.claims.create({"serial": "SN-TR3"})
        self.assertEqual(claim.coverage, "in_warranty")
        repair = self._repair(claim)
        self.assertFalse(repair.under_warranty)
        self.assertEqual(claim._aftersales_repair_status_gap(repair), "partial_terms")
        html = self._html(PREFIX + "claim_repair", claim)
        self.assertIn("Paid repair", html)
        self.assertNotIn("Under warranty, free of charge.", html)
        self.assertEqual(
            texts(html, REPAIR_GAP),
            [
                "The claim is in warranty, but the warranty terms Maker 24 months "
                "cover 80% of the parts and 50% of the labour: the rest is charged."
            ],
        )

    def test_repair_status_changed_on_the_repair_is_explained(self):
        # In warranty, full terms: the repair is free; made paid by hand.
        self._unit("SN-TR4")
        claim = self.claims.create({"serial": "SN-TR4"})
        repair = self._repair(claim)
        self.assertTrue(repair.under_warranty)
        self.assertFalse(claim._aftersales_repair_status_gap(repair))
        repair.sudo().under_warranty = False
        html = self._html(PREFIX + "claim_repair", claim)
        self.assertIn("Paid repair", html)
        self.assertEqual(
            texts(html, REPAIR_GAP),
            ["The claim is in warranty, but this repair was made as a paid repair."],
        )
        # Out of warranty: a paid repair, agreeing; made free by hand.
        warranty = self._unit("SN-TR5")
        warranty.sudo().date_start = fields.Date.today() - timedelta(days=3 * 366)
        self.assertEqual(warranty.state, "expired")
        claim = self.claims.create({"serial": "SN-TR5"})
        self.assertEqual(claim.coverage, "out_of_warranty")
        repair = self._repair(claim)
        self.assertFalse(repair.under_warranty)
        html = self._html(PREFIX + "claim_repair", claim)
        self.assertIn("Paid repair", html)
        self.assertIn("Out of Warranty", html)
        self.assertFalse(texts(html, REPAIR_GAP))
        repair.sudo().under_warranty = True
        html = self._html(PREFIX + "claim_repair", claim)
        self.assertIn("Under warranty, free of charge.", html)
        self.assertEqual(
            texts(html, REPAIR_GAP),
            [
                "The claim is not in warranty (Out of Warranty); this repair was "
                "made free of charge."
            ],
        )

    # ------------------------------------------------------------------
    # 2. Signatures are people of the staff
    # ------------------------------------------------------------------

    def test_portal_claim_is_signed_by_the_claims_responsible(self):
        self._unit("SN-TS1", partner=self.portal_customer)
        claim = (
            self.env["aftersales.claim"]
            .with_user(self.portal_user)
            .sudo()
            .create({"serial": "SN-TS1", "symptom": "Noise (test)"})
        )
        self.assertEqual(claim.user_id, self.responsible)
        self._repair(claim)
        self._return(claim)
        signatories = self._signatories(claim)
        # The repair act: the technician who repaired (the after-sales user
        # who opened the repair); the other documents: the claim's
        # responsible. Never the customer who opened the claim.
        self.assertEqual(claim.repair_ids.user_id, self.aftersales_user)
        self.assertEqual(
            signatories,
            {
                "claim_acceptance": self.responsible.name,
                "claim_repair": self.aftersales_user.name,
                "claim_answer": self.responsible.name,
                "claim_conclusion": self.responsible.name,
            },
        )
        # The customer remains the customer's signature, on the other side.
        self.assertIn("Paula Portal (test)", self._html(PREFIX + "claim_answer", claim))
        # Neither a customer nor OdooBot is ever the claim's responsible.
        for user in (self.portal_user, self.odoobot):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                claim.sudo().user_id = user
            self.assertEqual(claim.user_id, self.responsible)

    def test_claim_created_by_odoobot_is_signed_by_a_person(self):
        self._unit("SN-TS2")
        claim = (
            self.env["aftersales.claim"]
            .with_user(self.odoobot)
            .sudo()
            .create({"serial": "SN-TS2"})
        )
        self.assertEqual(claim.user_id, self.responsible)
        # The workflow run by OdooBot too (a cron, an automation).
        claim.action_receive()
        claim.action_create_repair()
        self.assertEqual(claim.repair_ids.user_id, self.odoobot)
        self._return(claim)
        for act in CLAIM_ACTS:
            with self.subTest(act=act):
                html = self._html(PREFIX + act, claim)
                self.assertNotIn("OdooBot", html)
                self.assertEqual(texts(html, SIGNATORY), [self.responsible.name])

    def test_repair_act_is_signed_by_the_technician(self):
        self._unit("SN-TS3")
        claim = self.claims.create({"serial": "SN-TS3"})
        self.assertEqual(claim.user_id, self.aftersales_user)
        repair = self._repair(claim)
        repair.sudo().user_id = self.technician
        self._return(claim)
        signatories = self._signatories(claim)
        self.assertEqual(signatories.pop("claim_repair"), self.technician.name)
        self.assertEqual(set(signatories.values()), {self.aftersales_user.name})

    def test_legacy_odoobot_and_customer_signatories_are_replaced(self):
        """Claims saved with OdooBot as their responsible (before the claim
        refused it), repairs with OdooBot or a customer, print a person of
        the staff; nobody left: an empty line for the company, never a wrong
        name."""
        self._unit("SN-TS4", partner=self.portal_customer)
        claim = self.claims.create({"serial": "SN-TS4"})
        repair = self._repair(claim)
        self._return(claim)
        # Old rows: the claim refuses such a responsible today.
        self.env.cr.execute(
            "UPDATE aftersales_claim SET user_id = %s WHERE id = %s",
            [SUPERUSER_ID, claim.id],
        )
        claim.invalidate_recordset(["user_id"])
        self.assertEqual(claim.user_id, self.odoobot)
        repair.sudo().user_id = self.portal_user
        self.assertEqual(
            set(self._signatories(claim).values()), {self.responsible.name}
        )
        self.assertEqual(claim._aftersales_signatory(repair), self.responsible)
        # The company's claims responsible, set before the settings refused
        # it, is no staff member either.
        self.env.cr.execute(
            "UPDATE res_company SET aftersales_responsible_id = %s WHERE id = %s",
            [self.portal_user.id, self.company.id],
        )
        self.company.invalidate_recordset(["aftersales_responsible_id"])
        self.assertEqual(self.company._aftersales_responsible(), self.portal_user)
        self.assertFalse(claim._aftersales_signatory(repair))
        for act in CLAIM_ACTS:
            with self.subTest(act=act):
                html = self._html(PREFIX + act, claim)
                self.assertEqual(texts(html, SIGNATORY), [self.company.name])
                self.assertNotIn("OdooBot", html)
        # The customer's name is printed once: on the customer's side.
        html = self._html(PREFIX + "claim_answer", claim)
        self.assertNotIn("Paula Portal (test)", texts(html, SIGNATORY))

    def test_loaner_act_and_supplier_letter_are_signed_by_a_person(self):
        self._unit("SN-TS5")
        claim = self.claims.create({"serial": "SN-TS5"})
        location = self.warehouse._aftersales_loaner_location()
        unit = self.env["stock.lot"].create(
            {
                "name": "LN-TS5",
                "product_id": self.product_serial.id,
                "aftersales_loaner": True,
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            self.product_serial, location, 1, lot_id=unit
        )
        as_odoobot = self.env(user=SUPERUSER_ID, su=True)
        loan = as_odoobot["aftersales.loan"].create(
            {
                "claim_id": claim.id,
                "lot_id": unit.id,
                "date_due": fields.Date.today() + timedelta(days=5),
            }
        )
        self.assertEqual(loan.user_id, self.odoobot)
        html = self._html(PREFIX + "loan_act", loan)
        self.assertEqual(texts(html, SIGNATORY), [self.aftersales_user.name] * 2)
        self.assertNotIn("OdooBot", html)
        vendor = self.env["res.partner"].create({"name": "Vendor Truth (test)"})
        supplier_claim = as_odoobot["aftersales.supplier.claim"].create(
            {
                "product_id": self.product_serial.id,
                "partner_id": vendor.id,
                "claim_id": claim.id,
            }
        )
        self.assertEqual(supplier_claim.create_uid, self.odoobot)
        html = self._html(PREFIX + "supplier_claim", supplier_claim)
        self.assertEqual(texts(html, SIGNATORY), [self.aftersales_user.name])
        self.assertNotIn("OdooBot", html)

    # ------------------------------------------------------------------
    # The customer's language
    # ------------------------------------------------------------------

    def test_legal_profile_name_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        english = self.profile_ru.with_context(lang="en_US").name
        russian = "Закон о защите прав потребителей (тест)"  # noqa: RUF001
        self.profile_ru.update_field_translations("name", {"ru_RU": russian})
        self.customer_ru.lang = "ru_RU"
        self._unit("SN-TL1", partner=self.customer_ru)
        claim = self.claims.create({"serial": "SN-TL1"})
        self.assertEqual(claim.legal_profile_id, self.profile_ru)
        claim.action_receive()
        self.assertEqual(self.aftersales_user.lang, "en_US")
        for act in ("claim_acceptance", "claim_answer"):
            with self.subTest(act=act):
                html = self._html(PREFIX + act, claim)
                self.assertIn(russian, html)
                self.assertNotIn(english, html)
        # An English customer reads the English name.
        self._unit("SN-TL2")
        claim = self.claims.create({"serial": "SN-TL2"})
        claim.action_receive()
        html = self._html(PREFIX + "claim_answer", claim)
        self.assertEqual(claim.legal_profile_id, self.profile_ru)
        self.assertIn(english, html)
        self.assertNotIn(russian, html)

    # ------------------------------------------------------------------
    # Warranty cards
    # ------------------------------------------------------------------

    def test_void_warranty_card_says_why_and_promises_nothing(self):
        self.policy_24.card_note = "<p>Free repair of defects (test)</p>"
        warranty = self._unit("SN-TC1")
        html = self._html(PREFIX + "warranty_card", warranty)
        self.assertIn("Free repair of defects (test)", html)
        self.assertNotIn("This warranty is void", html)
        warranty.sudo().write(
            {"state": "void", "void_reason": "Registered by mistake (test)"}
        )
        html = self._html(PREFIX + "warranty_card", warranty)
        self.assertEqual(
            texts(html, "//p[contains(@class, 'o_aftersales_card_void')]"),
            ["This warranty is void: Registered by mistake (test)."],
        )
        self.assertNotIn("Free repair of defects (test)", html)

    def test_card_of_a_layer_not_started_says_when_it_starts(self):
        base, extension = self._unit_with_extension("SN-TC2")
        upcoming = "//p[contains(@class, 'o_aftersales_card_upcoming')]"
        started = (
            f"Not started yet: Extended 12 months covers the unit from "
            f"{us_date(extension.date_start)}."
        )
        self.assertEqual(
            texts(self._html(PREFIX + "warranty_card", extension), upcoming),
            [started],
        )
        # The base card lists the extension, and says it has not started.
        self.assertEqual(
            texts(self._html(PREFIX + "warranty_card", base), upcoming), [started]
        )
        self.assertFalse(
            texts(self._html(PREFIX + "warranty_card", self._unit("SN-TC3")), upcoming)
        )
