# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .aftersales_dealer_claim import CLAIMED_STATES


class AftersalesDealerContract(models.Model):
    _inherit = "aftersales.dealer.contract"

    visit_fee = fields.Monetary(
        string="On-Site Visit Fee",
        tracking=True,
        help="Paid to the dealer for each on-site visit it reports in a "
        "dealer claim, besides the labour.",
    )

    _sql_constraints = [
        (
            "visit_fee_positive",
            "CHECK(visit_fee >= 0)",
            "The visit fee cannot be negative.",
        ),
    ]


class AftersalesDealerClaim(models.Model):
    _inherit = "aftersales.dealer.claim"

    fsm_order_id = fields.Many2one(
        comodel_name="fsm.order",
        string="On-Site Visit",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="The visit the dealer reports: the contract pays its visit fee.",
    )
    amount_visit = fields.Monetary(
        string="Visit Fee", compute="_compute_amounts", store=True
    )

    @api.depends(
        "operation_line_ids.amount",
        "part_line_ids.amount",
        "fsm_order_id",
        "contract_id.visit_fee",
    )
    def _compute_amounts(self):
        result = super()._compute_amounts()
        for dealer_claim in self:
            fee = (
                dealer_claim.contract_id.visit_fee if dealer_claim.fsm_order_id else 0.0
            )
            dealer_claim.amount_visit = fee
            dealer_claim.amount_total += fee
        return result

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_visit_fee_not_given(vals)
        dealer_claims = super().create(vals_list)
        dealer_claims._check_visit_of_dealer()
        return dealer_claims

    def write(self, vals):
        if not self.env.su:
            self._check_visit_fee_not_given(vals)
            if "fsm_order_id" in vals and self.filtered(lambda d: d.state != "draft"):
                self.filtered(lambda d: d.state != "draft")[
                    :1
                ]._refuse_submitted_change()
        result = super().write(vals)
        if {"fsm_order_id", "partner_id", "claim_id"} & set(vals):
            self._check_visit_of_dealer()
        return result

    def action_submit(self):
        self._check_visit_billed_once()
        return super().action_submit()

    def action_approve(self):
        self._check_visit_billed_once()
        return super().action_approve()

    def _check_visit_fee_not_given(self, vals):
        if "amount_visit" in vals:
            self._refuse_server_fields(
                {"amount_visit"}, vals.get("name") or self.env._("New")
            )

    def _check_visit_of_dealer(self):
        """The visit is the dealer's, of the same customer claim, and done."""
        for dealer_claim in self.sudo().filtered("fsm_order_id"):
            visit = dealer_claim.fsm_order_id
            if (
                visit.aftersales_dealer_id.commercial_partner_id
                != dealer_claim.partner_id.commercial_partner_id
                or visit.aftersales_claim_id != dealer_claim.claim_id
            ):
                raise UserError(
                    self.env._(
                        "Visit %(visit)s is not a visit of %(dealer)s for claim "
                        "%(claim)s.",
                        visit=visit.name,
                        dealer=dealer_claim.partner_id.display_name,
                        claim=dealer_claim.claim_id.name,
                    )
                )
            if not visit.is_closed:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s is not done yet: it is claimed once closed.",
                        visit=visit.name,
                    )
                )

    def _check_visit_billed_once(self):
        """A visit's fee is claimed in one dealer claim only."""
        visits = self.sudo().fsm_order_id
        if not visits:
            return
        others = self.sudo().search(
            [
                ("fsm_order_id", "in", visits.ids),
                ("id", "not in", self.ids),
                ("state", "in", CLAIMED_STATES),
            ],
            limit=1,
        )
        if others:
            raise UserError(
                self.env._(
                    "Visit %(visit)s is already claimed in dealer claim %(other)s.",
                    visit=others.fsm_order_id.name,
                    other=others.name,
                )
            )

    def _prepare_bill_vals(self):
        vals = super()._prepare_bill_vals()
        if self.amount_visit:
            vals["invoice_line_ids"].append(
                Command.create(
                    {
                        "name": self.env._(
                            "On-site visit %(visit)s", visit=self.fsm_order_id.name
                        ),
                        "quantity": 1.0,
                        "price_unit": self.amount_visit,
                    }
                )
            )
        return vals
