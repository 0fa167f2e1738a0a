# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class AftersalesClaimLend(models.TransientModel):
    _name = "aftersales.claim.lend"
    _description = "Lend a Loaner for a Claim"

    claim_id = fields.Many2one(
        comodel_name="aftersales.claim", required=True, readonly=True
    )
    company_id = fields.Many2one(related="claim_id.company_id")
    product_id = fields.Many2one(related="claim_id.product_id", string="Claimed")
    candidate_lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        string="Loaner Units",
        compute="_compute_candidate_lot_ids",
        help="The units that can stand in for the claimed product: free ones "
        "first, then those on loan, nearest due back first.",
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Loaner Unit",
        compute="_compute_lot_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', candidate_lot_ids), "
        "('aftersales_loaner_state', '=', 'free')]",
    )
    date_due = fields.Date(
        string="Due Back",
        required=True,
        compute="_compute_date_due",
        store=True,
        readonly=False,
        help="Defaults to the claim's legal deadline: the loaner comes back "
        "when the repaired item goes out.",
    )
    deposit_amount = fields.Monetary(string="Deposit")
    currency_id = fields.Many2one(related="claim_id.currency_id")
    note = fields.Html()

    @api.depends("claim_id")
    def _compute_candidate_lot_ids(self):
        for wizard in self:
            wizard.candidate_lot_ids = wizard.claim_id._loaner_candidates()

    @api.depends("candidate_lot_ids")
    def _compute_lot_id(self):
        for wizard in self:
            wizard.lot_id = wizard.candidate_lot_ids.filtered(
                lambda lot: lot.aftersales_loaner_state == "free"
            )[:1]

    @api.depends("claim_id")
    def _compute_date_due(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            deadline = wizard.claim_id.date_deadline
            wizard.date_due = (
                deadline
                if deadline and deadline >= today
                else today + timedelta(days=wizard.claim_id._deadline_days() or 14)
            )

    def action_lend(self):
        """Create the loan and hand the unit over."""
        self.ensure_one()
        if not self.lot_id:
            raise UserError(
                self.env._(
                    "No loaner unit is free for %(product)s: choose one when a "
                    "unit comes back.",
                    product=self.product_id.display_name,
                )
            )
        loan = self.env["aftersales.loan"].create(self._prepare_loan_vals())
        loan.action_lend()
        return True

    def _prepare_loan_vals(self):
        self.ensure_one()
        return {
            "claim_id": self.claim_id.id,
            "partner_id": self.claim_id.partner_id.id,
            "company_id": self.claim_id.company_id.id,
            "lot_id": self.lot_id.id,
            "date_due": self.date_due,
            "deposit_amount": self.deposit_amount,
            "note": self.note,
        }
