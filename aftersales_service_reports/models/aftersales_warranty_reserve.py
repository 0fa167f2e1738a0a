# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class AftersalesWarrantyReserve(models.Model):
    _name = "aftersales.warranty.reserve"
    _inherit = ["aftersales.warranty.reserve", "aftersales.report.document"]

    def _aftersales_report_months(self):
        """The reserve's months, all products together: [(month, months
        ahead, expected claims, expected cost)], the thirteenth last."""
        self.ensure_one()
        rows = self.env["aftersales.warranty.reserve.month"]._read_group(
            [("reserve_id", "=", self.id)],
            ["months_ahead", "date:day"],
            ["expected_claim_count:sum", "amount:sum"],
            order="months_ahead",
        )
        return [(date, ahead, claims, amount) for ahead, date, claims, amount in rows]
