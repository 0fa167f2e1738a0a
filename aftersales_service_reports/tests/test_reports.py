# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import io
import re
from datetime import timedelta
from pathlib import Path

import polib

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.aftersales_service.tests.common import AftersalesWarrantyCommon


def pdf_text(pdf):
    """The text of a PDF as a reader copies it, read in-process with the PDF
    library Odoo ships (``odoo.tools.pdf``), one page after the other. The
    library puts a tab between words that wkhtmltopdf placed one by one: a
    space, as the reader sees it."""
    pages = PdfFileReader(io.BytesIO(pdf)).pages
    return re.sub(
        r"[ \t]+", " ", "\n".join(page.extract_text() or "" for page in pages)
    )


def us_date(value):
    """A date as the English documents print it."""
    return value.strftime("%m/%d/%Y")


def pdf_pages(pdf):
    return len(PdfFileReader(io.BytesIO(pdf)).pages)


class ReportsCommon(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reports = cls.env["ir.actions.report"]
        cls.customer_ru = cls.env["res.partner"].create(
            {"name": "Иван Петров (test)", "country_id": cls.env.ref("base.ru").id}
        )
        # wkhtmltopdf asks Odoo's HTTP server for the documents' styles at
        # ``report.url``. Under Odoo's own runner that server answers from
        # another transaction, which can wait forever on the rows this
        # test's transaction holds; served, the styles' web fonts come out
        # as drawn outlines, with no text to read back (wkhtmltopdf of
        # Debian). An address nobody answers on prints the same data with
        # the system's fonts, under either runner.
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )

    def _html(self, xmlid, records):
        return self.reports._render_qweb_html(xmlid, records.ids)[0].decode()

    def _pdf(self, xmlid, records):
        """A real PDF, printed by wkhtmltopdf, as a reader copies its text."""
        pdf, kind = self.reports.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(xmlid, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def _returned_claim(self, serial, partner=None):
        """A claim whose unit was received, repaired and returned."""
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)], partner=partner)
        self._deliver(order.picking_ids)
        claim = self.env["aftersales.claim"].create(
            {
                "serial": serial,
                "symptom": "Drum does not turn",
                "intake_condition": "Scratch on the lid",
            }
        )
        claim.action_receive()
        claim.action_create_repair()
        repair = claim.repair_ids
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        claim.action_ready()
        claim.action_return()
        return claim


@tagged("post_install", "-at_install")
class TestClaimDocuments(ReportsCommon):
    def test_claim_documents_in_english(self):
        claim = self._returned_claim("SN-RP1")
        expected = {
            "aftersales_service_reports.action_report_claim_acceptance": [
                "Acceptance Act",
                "Scratch on the lid",
                "Drum does not turn",
            ],
            "aftersales_service_reports.action_report_claim_repair": [
                "Repair Act",
                "Under warranty, free of charge",
                "Returned to the customer",
            ],
            "aftersales_service_reports.action_report_claim_answer": [
                "Answer to Claim",
                "Your claim is accepted",
                "Legal basis",
            ],
            "aftersales_service_reports.action_report_claim_conclusion": [
                "Technical Conclusion",
                "covered by the warranty",
            ],
        }
        for xmlid, texts in expected.items():
            with self.subTest(report=xmlid):
                html = self._html(xmlid, claim)
                for text in [claim.name, "SN-RP1", *texts]:
                    self.assertIn(text, html)

    def test_claim_documents_in_russian(self):
        self._load_russian(("aftersales_service", "aftersales_service_reports"))
        claim = self._returned_claim("SN-RP2", partner=self.customer_ru)
        self.assertEqual(claim.partner_id.lang, "en_US")
        claim.partner_id.lang = "ru_RU"
        for xmlid, text in (
            ("aftersales_service_reports.action_report_claim_acceptance", "Акт приёма"),
            (
                "aftersales_service_reports.action_report_claim_repair",
                "Акт выполненных работ",
            ),
            (
                "aftersales_service_reports.action_report_claim_answer",
                "Ответ на претензию",
            ),
            (
                "aftersales_service_reports.action_report_claim_conclusion",
                "Техническое заключение",
            ),
        ):
            with self.subTest(report=xmlid):
                self.assertIn(text, self._html(xmlid, claim))

    def test_real_pdf_read_back(self):
        claim = self._returned_claim("SN-RP3")
        text = pdf_text(
            self._pdf("aftersales_service_reports.action_report_claim_repair", claim)
        )
        self.assertIn(claim.name, text)
        self.assertIn("SN-RP3", text)
        self.assertIn(claim.date_claim.strftime("%m/%d/%Y"), text)

    def test_three_claims_in_one_pdf(self):
        claims = self.env["aftersales.claim"]
        for serial in ("SN-RM1", "SN-RM2", "SN-RM3"):
            claims |= self._returned_claim(serial)
        pdf = self._pdf(
            "aftersales_service_reports.action_report_claim_acceptance", claims
        )
        text = pdf_text(pdf)
        for claim in claims:
            self.assertIn(claim.name, text)
        self.assertGreaterEqual(pdf_pages(pdf), 3)

    def test_file_name(self):
        claim = self._returned_claim("SN-RP4")
        report = self.env.ref(
            "aftersales_service_reports.action_report_claim_acceptance"
        )
        name = claim._aftersales_report_filename("acceptance")
        self.assertTrue(name.startswith("Acceptance Act CLM-"), name)
        self.assertIn("_aftersales_report_filename", report.print_report_name)


@tagged("post_install", "-at_install")
class TestEveryDocumentInPdfAndRussian(ReportsCommon):
    """Each document as a real PDF (number, serial, dates read back) and in
    Russian for a Russian customer."""

    def _documents(self, partner):
        """(report, records, texts expected in the PDF) of every document."""
        claim = self._returned_claim(f"SN-EV-{partner.id}", partner=partner)
        warranty = claim.warranty_id
        location = self.warehouse._aftersales_loaner_location()
        unit = self.env["stock.lot"].create(
            {
                "name": f"LN-EV-{partner.id}",
                "product_id": self.product_serial.id,
                "aftersales_loaner": True,
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            self.product_serial, location, 1, lot_id=unit
        )
        loan = self.env["aftersales.loan"].create(
            {
                "claim_id": claim.id,
                "lot_id": unit.id,
                "date_due": fields.Date.today() + timedelta(days=5),
            }
        )
        today = fields.Date.today()
        prefix = "aftersales_service_reports.action_report_"
        return [
            (
                prefix + "claim_acceptance",
                claim,
                [claim.name, claim.serial, us_date(claim.date_claim)],
            ),
            (
                prefix + "claim_repair",
                claim,
                [claim.name, claim.serial, us_date(claim.date_claim)],
            ),
            (
                prefix + "claim_answer",
                claim,
                [claim.name, claim.serial, us_date(claim.date_claim)],
            ),
            (
                prefix + "claim_conclusion",
                claim,
                [claim.name, claim.serial, us_date(claim.date_claim)],
            ),
            (
                prefix + "warranty_card",
                warranty,
                [
                    warranty.serial,
                    us_date(warranty.date_start),
                    us_date(warranty.date_end),
                ],
            ),
            (prefix + "loan_act", loan, [loan.name, unit.name, us_date(today)]),
        ]

    def test_every_document_as_a_real_pdf(self):
        documents = self._documents(self.customer)
        for xmlid, records, texts in documents:
            with self.subTest(report=xmlid):
                text = pdf_text(self._pdf(xmlid, records))
                for expected in texts:
                    self.assertIn(expected, text)

    def test_every_document_in_russian(self):
        self._load_russian(("aftersales_service", "aftersales_service_reports"))
        self.customer_ru.lang = "ru_RU"
        documents = self._documents(self.customer_ru)
        titles = {
            "claim_acceptance": "Акт приёма",
            "claim_repair": "Акт выполненных работ",
            "claim_answer": "Ответ на претензию",
            "claim_conclusion": "Техническое заключение",
            "warranty_card": "Гарантийный талон",
            "loan_act": "Акт передачи и возврата подменного товара",
        }
        for xmlid, records, __ in documents:
            with self.subTest(report=xmlid):
                title = titles[xmlid.rsplit("action_report_", 1)[1]]
                self.assertIn(title, self._html(xmlid, records))
        period = self.env["aftersales.work.report"].create(
            {"date_from": fields.Date.today(), "date_to": fields.Date.today()}
        )
        html = (
            self.reports.with_context(lang="ru_RU")
            ._render_qweb_html(
                "aftersales_service_reports.action_report_work_report", period.ids
            )[0]
            .decode()
        )
        self.assertIn("Отчёт о послепродажном обслуживании", html)  # noqa: RUF001
        # The dealer's and the supplier's documents, for Russian partners.
        dealer = self.env["res.partner"].create(
            {"name": "Дилер (test)", "is_company": True, "lang": "ru_RU"}
        )
        self.env["aftersales.dealer.contract"].create(
            {"partner_id": dealer.id}
        ).action_activate()
        claim = self._returned_claim("SN-EV-DL", partner=self.customer_ru)
        claim.dealer_id = dealer
        dealer_claim = self.env["aftersales.dealer.claim"].create(
            {"claim_id": claim.id}
        )
        summary = self.env["aftersales.dealer.summary"].create(
            {
                "partner_id": dealer.id,
                "date_from": fields.Date.today(),
                "date_to": fields.Date.today(),
            }
        )
        supplier_claim = self.env["aftersales.supplier.claim"].create(
            {"product_id": self.product_serial.id, "partner_id": dealer.id}
        )
        prefix = "aftersales_service_reports.action_report_"
        for xmlid, records, title in (
            (prefix + "dealer_claim", dealer_claim, "Заявка дилера на возмещение"),
            (prefix + "dealer_summary", summary, "Возмещения дилеру"),
            (prefix + "supplier_claim", supplier_claim, "Претензия поставщику"),
        ):
            with self.subTest(report=xmlid):
                self.assertIn(title, self._html(xmlid, records))


@tagged("post_install", "-at_install")
class TestOtherDocuments(ReportsCommon):
    def test_warranty_card_and_delivery_cards(self):
        self._stock(self.product_serial, serials=["SN-WC1", "SN-WC2"])
        order = self._sell([(self.product_serial, 2)])
        self._deliver(order.picking_ids)
        warranties = self._warranties(order)
        html = self._html(
            "aftersales_service_reports.action_report_warranty_card", warranties[0]
        )
        for text in (
            "Warranty Card",
            warranties[0].serial,
            "Maker 24 months",
            "data:image/png;base64",
        ):
            self.assertIn(text, html)
        text = pdf_text(
            self._pdf(
                "aftersales_service_reports.action_report_picking_warranty_cards",
                order.picking_ids,
            )
        )
        self.assertIn("SN-WC1", text)
        self.assertIn("SN-WC2", text)
        self.assertIn(order.picking_ids.name, text)

    def test_loaner_act(self):
        claim = self._returned_claim("SN-LA1")
        location = self.warehouse._aftersales_loaner_location()
        unit = self.env["stock.lot"].create(
            {
                "name": "LN-ACT1",
                "product_id": self.product_serial.id,
                "aftersales_loaner": True,
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            self.product_serial, location, 1, lot_id=unit
        )
        loan = self.env["aftersales.loan"].create(
            {
                "claim_id": claim.id,
                "lot_id": unit.id,
                "date_due": fields.Date.today() + timedelta(days=9),
            }
        )
        loan.action_lend()
        text = pdf_text(
            self._pdf("aftersales_service_reports.action_report_loan_act", loan)
        )
        for expected in (loan.name, "LN-ACT1", "Handed Over On", "Return"):
            self.assertIn(expected, text)

    def test_supplier_claim_letter(self):
        vendor = self.env["res.partner"].create({"name": "Vendor Letter (test)"})
        supplier_claim = self.env["aftersales.supplier.claim"].create(
            {
                "product_id": self.product_serial.id,
                "partner_id": vendor.id,
                "date_purchased": fields.Date.today() - timedelta(days=30),
                "supplier_warranty_months": 12,
                "amount_expected": 250.0,
            }
        )
        text = pdf_text(
            self._pdf(
                "aftersales_service_reports.action_report_supplier_claim",
                supplier_claim,
            )
        )
        for expected in (
            supplier_claim.name,
            "Vendor Letter (test)",
            "250.00",
            us_date(supplier_claim.date),
        ):
            self.assertIn(expected, text)

    def test_dealer_statement_summary_and_work_report(self):
        dealer = self.env["res.partner"].create(
            {"name": "Dealer Print (test)", "is_company": True}
        )
        contract = self.env["aftersales.dealer.contract"].create(
            {"partner_id": dealer.id, "labour_rate": 20}
        )
        contract.action_activate()
        operation = self.env["aftersales.labour.operation"].create(
            {"code": "T-PR", "name": "Print test op", "hours": 2}
        )
        self._stock(self.product_serial, serials=["SN-DS1"])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        claim = self.env["aftersales.claim"].create(
            {"serial": "SN-DS1", "dealer_id": dealer.id}
        )
        dealer_claim = self.env["aftersales.dealer.claim"].create(
            {
                "claim_id": claim.id,
                "operation_line_ids": [Command.create({"operation_id": operation.id})],
            }
        )
        html = self._html(
            "aftersales_service_reports.action_report_dealer_claim", dealer_claim
        )
        for text in (dealer_claim.name, contract.name, "Print test op", "40.00"):
            self.assertIn(text, html)
        summary = self.env["aftersales.dealer.summary"].create(
            {
                "partner_id": dealer.id,
                "date_from": fields.Date.today(),
                "date_to": fields.Date.today(),
            }
        )
        self.assertEqual(summary._dealer_claims(), dealer_claim)
        self.assertIn(
            dealer_claim.name,
            self._html(
                "aftersales_service_reports.action_report_dealer_summary", summary
            ),
        )
        self._returned_claim("SN-WR1")
        period = self.env["aftersales.work.report"].create(
            {"date_from": fields.Date.today(), "date_to": fields.Date.today()}
        )
        figures = {row[0]: row[1:] for row in period._figures()["product"]}
        received, resolved, late, __ = figures[self.product_serial.display_name]
        self.assertEqual((received, resolved, late), (2, 1, 0))
        text = pdf_text(
            self._pdf("aftersales_service_reports.action_report_work_report", period)
        )
        self.assertIn("After-Sales Work Report", text)
        self.assertIn("Dealer Print (test)", text)


@tagged("post_install", "-at_install")
class TestPortalDocuments(ReportsCommon, HttpCase):
    def test_customer_downloads_the_claim_documents(self):
        claim = self._returned_claim("SN-PD1")
        documents = claim._portal_documents()
        # Acceptance, repair act, answer and, the claim diagnosed, conclusion.
        self.assertEqual(len(documents), 4)
        page = self.url_open(documents[0][1])
        self.assertEqual(page.status_code, 200)
        # (Under tests, Odoo serves the document as HTML instead of a PDF.)
        self.assertIn("Acceptance_Act_CLM", page.headers["Content-Disposition"])
        self.assertIn(claim.name, page.text)
        # Another token, or a document the claim has not reached: nothing.
        wrong = self.url_open(
            f"/my/claims/{claim.id}/document/acceptance?access_token=nope"
        )
        self.assertEqual(wrong.status_code, 404)
        unknown = self.url_open(
            f"/my/claims/{claim.id}/document/nothing?access_token={claim.access_token}"
        )
        self.assertEqual(unknown.status_code, 404)


@tagged("post_install", "-at_install")
class TestRussianTranslation(ReportsCommon):
    def test_every_string_is_translated(self):
        i18n = Path(__file__).parent.parent / "i18n"
        template = polib.pofile(str(i18n / "aftersales_service_reports.pot"))
        russian = {e.msgid: e for e in polib.pofile(str(i18n / "ru.po"))}
        missing = [e.msgid for e in template if not russian.get(e.msgid, e).msgstr]
        self.assertFalse(missing, "untranslated in ru.po")
