# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# ruff: noqa: RUF001 (Russian text in the documents)

from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.test_warranty_reserve import ReserveCommon

from .test_reports import pdf_text

XMLID = "aftersales_service_reports.action_report_warranty_reserve"


@tagged("post_install", "-at_install")
class TestWarrantyReserveReport(ReserveCommon):
    """The reserve on paper, for the accountant: its figures, its months and
    how it is computed (see ReserveCommon for the figures)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reports = cls.env["ir.actions.report"]
        # wkhtmltopdf fetches nothing from Odoo (see test_reports.py).
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )

    def test_figures_and_method(self):
        reserve = self._snapshot()
        html = (
            self.reports.with_user(self.reserve_manager)
            ._render_qweb_html(XMLID, reserve.ids)[0]
            .decode()
        )
        self.assertIn(f"Warranty Reserve {reserve.name}", html)
        self.assertIn("Boiler (test)", html)
        self.assertIn("229.15", html)
        self.assertIn("45.83", html)
        self.assertIn("0.61", html)
        self.assertIn("Constant Rate", html)
        self.assertIn("censored", html)
        self.assertIn("IAS 37", html)
        self.assertEqual(
            reserve._aftersales_report_filename("warranty_reserve"),
            f"Warranty Reserve {reserve.name}".replace("/", "-"),
        )

    def test_real_pdf_in_russian(self):
        self._load_russian(("aftersales_service", "aftersales_service_reports"))
        self.reserve_manager.lang = "ru_RU"
        reserve = self._snapshot()
        pdf, kind = (
            self.reports.with_user(self.reserve_manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(XMLID, reserve.ids)
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        self.assertIn("Резерв на гарантийный ремонт", text)
        self.assertIn("Boiler", text)
        self.assertIn("229,15", text)
        self.assertIn("январь", text)
        self.assertIn("с цензурированием", text)
        self.assertIn("Постоянная интенсивность", text)
        self.assertIn("ПБУ 8/2010", text)
