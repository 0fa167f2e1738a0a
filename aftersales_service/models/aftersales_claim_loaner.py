# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The claim's loaners: the request, the legal due date and the lending."""

from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .aftersales_claim import OPEN_STATES, STAFF


class AftersalesClaimLoaner(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    loaner_requested = fields.Boolean(tracking=True, copy=False)

    date_loaner_requested = fields.Date(
        string="Loaner Requested On", copy=False, tracking=True
    )

    date_loaner_due = fields.Date(
        string="Loaner Due",
        compute="_compute_date_loaner_due",
        store=True,
        help="The day a loaner unit must be handed over by law.",
    )

    loaner_excluded = fields.Boolean(
        related="product_id.categ_id.aftersales_loaner_excluded",
        string="Excluded from the Loaner Duty",
    )

    loan_ids = fields.One2many(
        comodel_name="aftersales.loan",
        inverse_name="claim_id",
        string="Loans",
        groups=STAFF,
    )

    loan_count = fields.Integer(compute="_compute_claim_record_counts")
    can_lend = fields.Boolean(compute="_compute_can_steps")

    @api.depends(
        "date_loaner_requested",
        "legal_profile_id",
        "product_id.categ_id.aftersales_loaner_excluded",
    )
    def _compute_date_loaner_due(self):
        for claim in self:
            profile = claim.legal_profile_id
            claim.date_loaner_due = (
                claim.date_loaner_requested
                and profile.loaner_required
                and not claim.product_id.categ_id.aftersales_loaner_excluded
                and claim.date_loaner_requested + timedelta(days=profile.loaner_days)
            )

    def _get_step_states(self):
        return {**super()._get_step_states(), "lend": OPEN_STATES}

    def action_view_loans(self):
        """The claim's loans."""
        self.ensure_one()
        return self._documents_action(
            self.loan_ids,
            self.name,
            "aftersales_service.aftersales_loan_action",
            {"default_claim_id": self.id},
        )

    def action_open_lend(self):
        """The lending wizard: it proposes the free loaner units that can
        stand in for the claimed product."""
        self.ensure_one()
        self._check_step("lend", self.env._("lend a loaner for"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lend a Loaner"),
            "res_model": "aftersales.claim.lend",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_id": self.id},
        }

    def _loaner_candidates(self):
        """The loaner units that can stand in for the claimed product: of
        the same product, of an equivalent one, or of its category when the
        category's loaners are interchangeable. Free units first (the claimed
        product's own before equivalents), then the others, nearest due back
        first."""
        self.ensure_one()
        template = self.product_id.product_tmpl_id
        products = [
            (
                "product_id.product_tmpl_id",
                "in",
                (template | template.aftersales_loaner_equivalent_ids).ids,
            )
        ]
        if template.categ_id.aftersales_loaner_same_category:
            products = expression.OR(
                [products, [("product_id.categ_id", "=", template.categ_id.id)]]
            )
        units = self.env["stock.lot"].search(
            expression.AND(
                [
                    [
                        ("aftersales_loaner", "=", True),
                        ("company_id", "in", [self.company_id.id, False]),
                        ("aftersales_loaner_state", "!=", "maintenance"),
                    ],
                    products,
                ]
            )
        )
        return units.sorted(
            key=lambda lot: (
                lot.aftersales_loaner_state != "free",
                lot.product_id.product_tmpl_id != template,
                lot.aftersales_loan_date_due or date.max,
                lot.name,
            )
        )

    def _check_loans_back(self):
        """A claim cannot close or be cancelled while its loaner is out."""
        for claim in self:
            loans_out = claim.loan_ids.filtered(
                lambda loan: loan.state in ("draft", "lent")
            )
            if loans_out:
                raise UserError(
                    self.env._(
                        "Claim %(claim)s cannot close while its loaner is out: "
                        "take back or cancel %(loans)s first.",
                        claim=claim.name,
                        loans=", ".join(loans_out.mapped("name")),
                    )
                )
