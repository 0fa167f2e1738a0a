# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


def last_month(env):
    """The first and last days of the month before today."""
    first = fields.Date.context_today(env["res.users"]).replace(day=1)
    return first - relativedelta(months=1), first - relativedelta(days=1)


class AftersalesDealerSummary(models.TransientModel):
    _name = "aftersales.dealer.summary"
    _description = "Dealer Reimbursement Summary"
    _inherit = ["aftersales.report.document"]

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Dealer",
        required=True,
        domain="[('aftersales_dealer_contract_ids', '!=', False)]",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(required=True, default=lambda self: last_month(self.env)[0])
    date_to = fields.Date(required=True, default=lambda self: last_month(self.env)[1])

    @api.depends("partner_id", "date_from", "date_to")
    def _compute_display_name(self):
        for summary in self:
            summary.display_name = (
                f"{summary.partner_id.name or ''} {summary.date_from or ''}"
            )

    def _dealer_claims(self):
        self.ensure_one()
        return self.env["aftersales.dealer.claim"].search(
            [
                ("partner_id", "child_of", self.partner_id.ids),
                ("company_id", "=", self.company_id.id),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            order="date, id",
        )

    def action_print(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period ends before it starts."))
        return self.env.ref(
            "aftersales_service_reports.action_report_dealer_summary"
        ).report_action(self)
