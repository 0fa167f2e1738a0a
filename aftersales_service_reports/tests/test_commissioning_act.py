# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# ruff: noqa: RUF001 (Russian text in the documents)

from odoo import fields
from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.test_onsite import SIGNATURE, OnsiteCommon

from .test_reports import pdf_text


@tagged("post_install", "-at_install")
class TestCommissioningAct(OnsiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reports = cls.env["ir.actions.report"]
        # wkhtmltopdf fetches nothing from Odoo (see test_reports.py).
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        cls.xmlid = "aftersales_service_reports.action_report_commissioning_act"

    def _commissioned_visit(self, serial):
        order = self._delivered_boilers([serial])
        visit = order.aftersales_fsm_order_ids
        visit.aftersales_commissioned_on = fields.Date.context_today(visit)
        visit.action_aftersales_sign(SIGNATURE, "Анна Петрова")
        self._complete(visit, "<p>Давление 1,5 бар; тяга в норме.</p>")
        return visit

    def test_act_in_english(self):
        visit = self._commissioned_visit("SN-ACT1")
        html = self.reports._render_qweb_html(self.xmlid, visit.ids)[0].decode()
        for text in (
            "Commissioning Act",
            visit.name,
            "SN-ACT1",
            "Boiler 24 months from commissioning",
            "Давление 1,5 бар",
            "Анна Петрова",
            "data:image/png;base64,",
        ):
            self.assertIn(text, html)
        self.assertEqual(
            visit._aftersales_report_filename("commissioning"),
            f"Commissioning Act {visit.name}",
        )

    def test_act_as_a_real_pdf_in_russian(self):
        self._load_russian(("aftersales_service", "aftersales_service_reports"))
        self.customer.lang = "ru_RU"
        visit = self._commissioned_visit("SN-ACT2")
        pdf, kind = self.reports.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(self.xmlid, visit.ids)
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        for expected in (
            "Акт ввода в эксплуатацию",
            visit.name,
            "SN-ACT2",
            "Дата ввода в эксплуатацию",
            visit.aftersales_commissioned_on.strftime("%d.%m.%Y"),
            "Подписал",
            "Анна Петрова",
            "Давление 1,5 бар",
            "Товары, введённые в эксплуатацию",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Commissioning Act", text)
