# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_dealer_summary import last_month


class AftersalesWorkReport(models.TransientModel):
    """The volume and timing of the after-sales work of a period, the record
    the after-sales manager keeps."""

    _name = "aftersales.work.report"
    _description = "After-Sales Work Report"
    _inherit = ["aftersales.report.document"]

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(required=True, default=lambda self: last_month(self.env)[0])
    date_to = fields.Date(required=True, default=lambda self: last_month(self.env)[1])

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for report in self:
            report.display_name = f"{report.date_from or ''} {report.date_to or ''}"

    def _figures(self):
        """Rows per product and per service point: claims received in the
        period, resolved in it, late among those, and the average days from
        claim to closing. One query for the claims of the period."""
        self.ensure_one()
        start = fields.Datetime.to_datetime(self.date_from)
        end = fields.Datetime.to_datetime(self.date_to) + timedelta(days=1)
        claims = self.env["aftersales.claim"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                "|",
                "&",
                ("date_claim", ">=", self.date_from),
                ("date_claim", "<=", self.date_to),
                "&",
                ("date_closed", ">=", start),
                ("date_closed", "<", end),
            ],
            [
                "product_id",
                "dealer_id",
                "date_claim",
                "date_closed",
                "date_deadline",
                "state",
            ],
        )
        rows = {
            "product": defaultdict(lambda: [0, 0, 0, []]),
            "point": defaultdict(lambda: [0, 0, 0, []]),
        }
        for claim in claims:
            keys = {
                "product": claim.product_id.display_name or "-",
                "point": claim.dealer_id.display_name or self.env._("Own workshop"),
            }
            received = self.date_from <= claim.date_claim <= self.date_to
            closed = claim.date_closed and start <= claim.date_closed < end
            for kind, key in keys.items():
                row = rows[kind][key]
                row[0] += received
                if closed and claim.state in ("done", "rejected"):
                    row[1] += 1
                    closing = claim.date_closed.date()
                    row[2] += bool(
                        claim.date_deadline and closing > claim.date_deadline
                    )
                    row[3].append((closing - claim.date_claim).days)
        return {
            kind: sorted(
                (key, received, resolved, late, sum(days) / len(days) if days else 0.0)
                for key, (received, resolved, late, days) in table.items()
            )
            for kind, table in rows.items()
        }

    def action_print(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period ends before it starts."))
        return self.env.ref(
            "aftersales_service_reports.action_report_work_report"
        ).report_action(self)
