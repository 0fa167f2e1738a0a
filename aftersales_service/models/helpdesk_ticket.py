# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.tools import html2plaintext


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_serial = fields.Char(
        string="Serial Number",
        index="btree_not_null",
        help="Serial number of the unit the customer writes about.",
    )
    aftersales_claim_ids = fields.One2many(
        comodel_name="aftersales.claim",
        inverse_name="ticket_id",
        string="Claims",
    )
    aftersales_claim_count = fields.Integer(
        string="Claim Count",
        compute="_compute_aftersales_claim_count",
    )

    def _compute_aftersales_claim_count(self):
        counts = dict(
            self.env["aftersales.claim"]._read_group(
                [("ticket_id", "in", self.ids)],
                groupby=["ticket_id"],
                aggregates=["__count"],
            )
        )
        for ticket in self:
            ticket.aftersales_claim_count = counts.get(ticket, 0)

    def action_create_aftersales_claim(self):
        """Open a claim for the unit this ticket is about."""
        self.ensure_one()
        claim = self.env["aftersales.claim"].create(
            self._prepare_aftersales_claim_vals()
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.claim",
            "res_id": claim.id,
            "view_mode": "form",
        }

    def _prepare_aftersales_claim_vals(self):
        self.ensure_one()
        vals = {
            "ticket_id": self.id,
            "serial": self.aftersales_serial,
            "symptom": html2plaintext(self.description or ""),
            "company_id": self.company_id.id,
        }
        if self.partner_id:
            vals["partner_id"] = self.partner_id.id
        return vals

    def action_view_aftersales_claims(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Claims"),
            "res_model": "aftersales.claim",
            "view_mode": "list,form",
            "domain": [("ticket_id", "=", self.id)],
            "context": {"default_ticket_id": self.id},
        }
