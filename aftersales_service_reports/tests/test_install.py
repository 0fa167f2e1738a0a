# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestReportsInstall(TransactionCase):
    def test_installed_on_top_of_aftersales_service(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ["aftersales_service", "aftersales_service_reports"])]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        reports = modules.filtered(lambda m: m.name == "aftersales_service_reports")
        self.assertEqual(reports.dependencies_id.mapped("name"), ["aftersales_service"])
