# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.exceptions import UserError


class AftersalesClaimReject(models.TransientModel):
    _name = "aftersales.claim.reject"
    _description = "Reject Claims"

    claim_ids = fields.Many2many(comodel_name="aftersales.claim", string="Claims")
    reason = fields.Char(
        required=True,
        help="Short reason, e.g. 'Damage from a fall, not a manufacturing defect'.",
    )
    answer = fields.Html(
        help="The reasoned answer to the customer: what was found, and the legal "
        "basis of the refusal.",
    )

    def action_reject(self):
        self.ensure_one()
        if not self.reason.strip():
            raise UserError(self.env._("Give the reason of the rejection."))
        claims = self.claim_ids
        claims._check_state(
            ("new", "received", "diagnosis", "in_repair", "ready"),
            self.env._("reject"),
        )
        claims._check_loans_back()
        claims._write_workflow(
            {
                "state": "rejected",
                "resolution": "rejected",
                "rejection_reason": self.reason,
                "answer": self.answer,
                "date_closed": fields.Datetime.now(),
            }
        )
        claims._notify_customer("rejected")
        for claim in claims:
            claim.message_post(
                body=self.env._("Rejected: %(reason)s", reason=self.reason)
            )
        return {"type": "ir.actions.act_window_close"}
