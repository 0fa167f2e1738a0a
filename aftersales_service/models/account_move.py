# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "aftersales.claim.document"]

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._aftersales_start_warranties_on_invoice()
        return posted

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        # The dealer is paid for its warranty work.
        self.env["aftersales.dealer.claim"].sudo().search(
            [("bill_id", "in", self.ids), ("state", "=", "approved")]
        ).write({"state": "paid"})
        return result

    def _aftersales_start_warranties_on_invoice(self):
        """Warranties whose terms start on the invoice start on the date of
        the first posted customer invoice of their sale line."""
        invoices = self.filtered(lambda move: move.move_type == "out_invoice")
        sale_lines = invoices.invoice_line_ids.sale_line_ids
        if not sale_lines:
            return
        warranties = (
            self.env["aftersales.warranty"]
            .sudo()
            .search(
                [
                    ("sale_line_id", "in", sale_lines.ids),
                    ("parent_id", "=", False),
                    ("policy_id.start_trigger", "=", "invoice"),
                    ("state", "!=", "void"),
                ]
            )
        )
        by_date = {}
        for warranty in warranties:
            date_start = min(
                warranty.sale_line_id.invoice_lines.move_id.filtered(
                    lambda inv: inv.state == "posted" and inv.move_type == "out_invoice"
                ).mapped("invoice_date")
            )
            if date_start != warranty.date_start:
                by_date.setdefault(date_start, warranties.browse())
                by_date[date_start] |= warranty
        for date_start, to_move in by_date.items():
            to_move.write({"date_start": date_start})
