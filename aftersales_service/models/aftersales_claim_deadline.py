# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The claim's legal deadlines: its law, deadline, lateness and penalties."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_claim import OPEN_STATES, STAFF

MONEY_CLAIMS = ("refund", "price_reduction")


class AftersalesClaimDeadline(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    legal_profile_id = fields.Many2one(
        comodel_name="aftersales.legal.profile",
        compute="_compute_legal_profile_id",
        store=True,
        readonly=False,
        copy=False,
        ondelete="restrict",
        help="The law this claim follows: the profile of the customer's "
        "country, else the one of the warranty terms, else the company's "
        "default; kept as it was when the claim was received.",
    )

    legal_profile_rule = fields.Selection(
        selection=[
            ("country", "Customer's Country"),
            ("terms", "Warranty Terms"),
            ("company", "Company Default"),
            ("manual", "Chosen by Hand"),
        ],
        string="Law Chosen By",
        compute="_compute_legal_profile_rule",
        store=True,
        help="Which rule chose the legal profile: the customer's country has "
        "a profile; else the warranty terms name one; else the company's "
        "default; or a user chose another profile.",
    )

    quality_check = fields.Boolean(
        help="A quality check of the goods is needed (longer replacement "
        "deadline under some laws)."
    )

    date_deadline = fields.Date(
        string="Legal Deadline",
        compute="_compute_date_deadline",
        store=True,
        index=True,
        tracking=True,
        help="The day the claim must be resolved by, from its legal profile "
        "and type, counted from the reception (or the claim date for money "
        "claims).",
    )

    is_late = fields.Boolean(
        compute="_compute_lateness",
        search="_search_is_late",
        help="Open past its legal deadline.",
    )

    days_late = fields.Integer(compute="_compute_lateness")

    unit_price = fields.Monetary(
        compute="_compute_unit_price",
        store=True,
        readonly=False,
        groups=STAFF,
        help="Price the customer paid for the unit: the base of penalties.",
    )

    penalty_amount = fields.Monetary(
        string="Penalty Exposure",
        compute="_compute_lateness",
        groups=STAFF,
        help="What the missed deadline costs so far: the profile's rate per "
        "day late on the unit's price.",
    )

    @api.depends(
        "warranty_id.policy_id.legal_profile_id",
        "partner_id.country_id",
        "partner_id.commercial_partner_id.country_id",
        "company_id",
    )
    def _compute_legal_profile_id(self):
        cache = {}
        for claim in self:
            if claim.date_received and claim.legal_profile_id:
                continue  # kept as it was on reception
            claim.legal_profile_id = claim._choose_legal_profile(cache)[0]

    @api.depends(
        "legal_profile_id",
        "warranty_id.policy_id.legal_profile_id",
        "partner_id.country_id",
        "partner_id.commercial_partner_id.country_id",
        "company_id",
    )
    def _compute_legal_profile_rule(self):
        cache = {}
        for claim in self:
            if claim.date_received and claim.legal_profile_rule:
                continue  # kept as it was on reception
            profile, rule = claim._choose_legal_profile(cache)
            if claim.legal_profile_id != profile:
                rule = "manual" if claim.legal_profile_id else False
            claim.legal_profile_rule = rule

    def _choose_legal_profile(self, cache=None):
        """(profile, rule) that the law's rule gives this claim today."""
        self.ensure_one()
        return self.env["aftersales.warranty"]._choose_legal_profile(
            self.warranty_id.policy_id, self.partner_id, self.company_id, cache
        )

    @api.depends(
        "claim_type",
        "date_received",
        "date_claim",
        "quality_check",
        "legal_profile_id",
        "company_id.aftersales_repair_days",
    )
    def _compute_date_deadline(self):
        for claim in self:
            start = claim._deadline_start()
            days = claim._deadline_days()
            claim.date_deadline = start and days and start + timedelta(days=days)

    @api.depends(
        "warranty_id.sale_line_id.price_total",
        "warranty_id.parent_id.sale_line_id.price_total",
        "product_id",
    )
    def _compute_unit_price(self):
        """What the customer paid for the unit, taxes included: its sale
        line (the unit's own, not the line of an extension that covers it
        now), else its list price with the product's taxes."""
        for claim in self:
            unit = claim.warranty_id.sudo()
            while unit.parent_id:
                unit = unit.parent_id
            line = unit.sale_line_id
            if line and line.product_uom_qty:
                claim.unit_price = line.price_total / line.product_uom_qty
                continue
            product = claim.product_id.sudo()
            taxes = product.taxes_id.filtered(
                lambda tax, claim=claim: tax.company_id == claim.company_id
            )
            claim.unit_price = (
                taxes.compute_all(
                    product.lst_price, product=product, partner=claim.partner_id
                )["total_included"]
                if taxes
                else product.lst_price
            )

    @api.depends("date_deadline", "state", "unit_price", "legal_profile_id")
    @api.depends_context("date")
    def _compute_lateness(self):
        today = fields.Date.context_today(self)
        for claim in self:
            late = (
                claim.state in OPEN_STATES
                and claim.date_deadline
                and claim.date_deadline < today
            )
            claim.is_late = bool(late)
            claim.days_late = (today - claim.date_deadline).days if late else 0
            claim.penalty_amount = (
                claim.unit_price
                * claim.legal_profile_id.penalty_rate
                / 100
                * claim.days_late
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search late claims with = True or False."))
        late = [
            ("state", "in", OPEN_STATES),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return late
        return ["!", "&", *late]

    def _deadline_start(self):
        """Money claims run from the claim; the others from the reception."""
        self.ensure_one()
        if self.claim_type in MONEY_CLAIMS:
            return self.date_claim
        return self.date_received and fields.Date.context_today(
            self, self.date_received
        )

    def _deadline_days(self):
        """Days the law (or the company's target) gives this claim."""
        self.ensure_one()
        return self._law_deadline_days() or self.company_id.aftersales_repair_days

    def _law_deadline_days(self):
        """Days the claim's legal profile gives it; 0 where the law names no
        number (then the company's target applies)."""
        self.ensure_one()
        profile = self.legal_profile_id
        if self.claim_type in MONEY_CLAIMS:
            return profile.money_days
        if self.claim_type == "replacement":
            return (
                profile.replacement_check_days
                if self.quality_check
                else profile.replacement_days
            )
        return profile.repair_days

    @api.model
    def _cron_deadlines(self, warn_days=2):
        """Daily: an activity for each open claim that reaches its legal
        deadline, or its loaner due date without a loaner handed over, within
        ``warn_days`` days and has none yet."""
        limit = fields.Date.context_today(self) + timedelta(days=warn_days)
        return self.search(
            [
                ("state", "in", OPEN_STATES),
                "|",
                ("date_deadline", "<=", limit),
                ("date_loaner_due", "<=", limit),
            ]
        )._schedule_deadline_activities(warn_days)

    def _schedule_deadline_activities(self, warn_days=2):
        """Schedule, in one batch, an activity for the responsible of each of
        these open claims near or past its legal deadline, or its loaner due
        date while no loaner went out, that has none yet. Returns how many
        were scheduled."""
        limit = fields.Date.context_today(self) + timedelta(days=warn_days)
        open_claims = self.filtered(lambda c: c.state in OPEN_STATES)
        due = [
            (
                claim,
                self.env._("Legal deadline"),
                claim.date_deadline,
                self.env._(
                    "Claim %(claim)s must be resolved by %(deadline)s.",
                    claim=claim.name,
                    deadline=claim.date_deadline,
                ),
            )
            for claim in open_claims
            if claim.date_deadline and claim.date_deadline <= limit
        ] + [
            (
                claim,
                self.env._("Loaner due"),
                claim.date_loaner_due,
                self.env._(
                    "The customer of claim %(claim)s is owed a loaner unit by "
                    "%(date)s.",
                    claim=claim.name,
                    date=claim.date_loaner_due,
                ),
            )
            for claim in open_claims
            if claim.date_loaner_due
            and claim.date_loaner_due <= limit
            and not claim.loan_ids.filtered(
                lambda loan: loan.state in ("lent", "returned")
            )
        ]
        if not due:
            return 0
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        planned = {
            (activity.res_id, activity.summary)
            for activity in self.env["mail.activity"]
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", [claim.id for claim, *__ in due]),
                    ("activity_type_id", "=", activity_type.id),
                    ("summary", "in", list({summary for __, summary, *__ in due})),
                ],
                ["res_id", "summary"],
            )
        }
        activities = self._create_activities(
            [
                (claim, claim.user_id, summary, deadline, note)
                for claim, summary, deadline, note in due
                if (claim.id, summary) not in planned
            ]
        )
        return len(activities)
