# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, format_list

from .aftersales_claim import percent

# A product kept or being fixed is not proposed again for these days.
REALERT_DAYS = 90
TOP_FAILURES = 3


class AftersalesWithdrawalProposal(models.Model):
    _name = "aftersales.withdrawal.proposal"
    _description = "Withdrawal Proposal"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.workflow.mixin"]
    _order = "date_to desc, claim_rate desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    product_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id", string="Product Template"
    )
    product_categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category", store=True
    )
    sale_ok = fields.Boolean(
        related="product_id.sale_ok", string="Can Be Sold", readonly=True
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    unit_count = fields.Float(
        string="Units Delivered", digits="Product Unit of Measure", readonly=True
    )
    claim_count = fields.Integer(string="Claims", readonly=True)
    claim_rate = fields.Float(
        string="Claim Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Claims per 100 units delivered over the period.",
    )
    threshold = fields.Float(
        string="Threshold (%)",
        readonly=True,
        aggregator="avg",
        help="The claim rate of the product category that raised the alert.",
    )
    failure_summary = fields.Char(
        string="Main Failures",
        readonly=True,
        help="The most frequent failure codes of the period, with their claims.",
    )
    warranty_cost = fields.Float(
        readonly=True,
        groups="aftersales_service.group_aftersales_manager",
        help="Parts, labour, replacements and refunds of the period's claims.",
    )
    state = fields.Selection(
        selection=[("to_decide", "To Decide"), ("decided", "Decided")],
        default="to_decide",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
        help="- To Decide: the claim rate passed the threshold; the after-sales "
        "manager decides.\n"
        "- Decided: kept, to be fixed, or no longer sold.",
    )
    decision = fields.Selection(
        selection=[
            ("keep", "Keep Selling"),
            ("fix", "Fix the Product"),
            ("stop", "Stop Selling"),
        ],
        copy=False,
        readonly=True,
        tracking=True,
    )
    decision_note = fields.Text(
        help="Why: the cause found, the fix planned, the supplier informed."
    )
    decided_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    date_decision = fields.Date(string="Decided On", readonly=True, copy=False)

    # Which steps the form offers: the rule of each step's action.
    can_decide = fields.Boolean(compute="_compute_can_steps")
    can_reopen = fields.Boolean(compute="_compute_can_steps")

    _sql_constraints = [
        (
            "period_ordered",
            "CHECK(date_to >= date_from)",
            "A proposal's period cannot end before it starts.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self._assign_numbers(vals_list, "aftersales.withdrawal.proposal")
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------

    def _get_step_states(self):
        return {
            **super()._get_step_states(),
            "decide": ("to_decide",),
            "reopen": ("decided",),
        }

    def action_keep(self):
        return self._decide("keep")

    def action_fix(self):
        return self._decide("fix")

    def action_stop(self):
        """Stop selling: the product leaves the sale orders' product lists
        (it stays in stock, on warranties and on claims)."""
        self._decide("stop")
        self.product_id.product_tmpl_id.sudo().sale_ok = False
        for proposal in self:
            proposal.message_post(
                body=self.env._(
                    "%(product)s can no longer be sold.",
                    product=proposal.product_id.display_name,
                )
            )
        return True

    def action_reopen(self):
        self._check_manager()
        self._check_step("reopen", self.env._("reopen"))
        self.write(
            {
                "state": "to_decide",
                "decision": False,
                "decided_by_id": False,
                "date_decision": False,
            }
        )
        return True

    def _decide(self, decision):
        self._check_manager()
        self._check_step("decide", self.env._("decide on"))
        self.write(
            {
                "state": "decided",
                "decision": decision,
                "decided_by_id": self.env.user.id,
                "date_decision": fields.Date.context_today(self),
            }
        )
        # The activity of the alert is done, whoever it was for.
        self.sudo().activity_ids.action_feedback(
            feedback=dict(self._fields["decision"]._description_selection(self.env))[
                decision
            ]
        )
        return True

    def _check_manager(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise UserError(
                self.env._("Only an after-sales manager decides on withdrawals.")
            )

    # ------------------------------------------------------------------
    # The weekly alert
    # ------------------------------------------------------------------

    @api.model
    def _cron_systematic_defects(self):
        """Propose to withdraw the products whose claim rate passed their
        category's threshold, one proposal per product and company, with an
        activity for the after-sales manager."""
        today = fields.Date.context_today(self)
        self.env["aftersales.claim.analysis"]._refresh()
        categories = self.env["product.category"]
        alerting = categories.search([("aftersales_alert_rate", ">", 0)])
        settings = categories.search(
            [("id", "child_of", alerting.ids)]
        )._aftersales_alert_settings()
        by_period = {}
        for category, setting in settings.items():
            by_period.setdefault(setting[2], []).append(category.id)
        vals_list = []
        for months, category_ids in by_period.items():
            vals_list += self._systematic_defects(today, months, category_ids, settings)
        proposals = self.sudo().create(vals_list)
        proposals._schedule_decision_activities()
        return proposals

    def _systematic_defects(self, today, months, category_ids, settings):
        """The proposals of the products of ``category_ids`` over the last
        ``months`` full months up to today."""
        analysis = self.env["aftersales.claim.analysis"].sudo()
        date_from = today - relativedelta(months=months, day=1)
        domain = [
            ("date", ">=", date_from),
            ("date", "<=", today),
            ("product_categ_id", "in", category_ids),
        ]
        rows = analysis._read_group(
            domain,
            ["company_id", "product_id"],
            # Claims on the units delivered in the period, over those units:
            # both sides count the same units.
            ["unit_claim_count:sum", "unit_count:sum", "warranty_cost:sum"],
        )
        candidates = []
        for company, product, claims, units, cost in rows:
            if not product.sale_ok:
                continue
            threshold, min_units, __ = settings[product.categ_id]
            rate = percent(claims, units)
            if rate is not None and units >= min_units and rate >= threshold:
                candidates.append(
                    (company, product, claims, units, cost, rate, threshold)
                )
        if not candidates:
            return []
        skip = self._recently_proposed(
            [(company, product) for company, product, *__ in candidates], today
        )
        failures = self._main_failures(
            domain, [product.id for __, product, *___ in candidates]
        )
        return [
            {
                "company_id": company.id,
                "product_id": product.id,
                "date_from": date_from,
                "date_to": today,
                "unit_count": units,
                "claim_count": claims,
                "claim_rate": rate,
                "threshold": threshold,
                "warranty_cost": cost,
                "failure_summary": failures.get((company, product), ""),
            }
            for company, product, claims, units, cost, rate, threshold in candidates
            if (company, product) not in skip
        ]

    def _recently_proposed(self, pairs, today):
        """The (company, product) pairs with a proposal to decide, or kept
        or being fixed for less than REALERT_DAYS."""
        recent = self.sudo()._read_group(
            [
                ("product_id", "in", [product.id for __, product in pairs]),
                "|",
                ("state", "=", "to_decide"),
                "&",
                ("decision", "in", ("keep", "fix")),
                ("date_decision", ">", today - timedelta(days=REALERT_DAYS)),
            ],
            ["company_id", "product_id"],
        )
        return set(recent)

    def _main_failures(self, domain, product_ids):
        """'[code] name (claims)' of the most frequent failures per (company,
        product)."""
        rows = (
            self.env["aftersales.claim.analysis"]
            .sudo()
            ._read_group(
                [
                    *domain,
                    ("product_id", "in", product_ids),
                    ("failure_code_id", "!=", False),
                ],
                ["company_id", "product_id", "failure_code_id"],
                ["claim_count:sum"],
                order="claim_count:sum desc",
            )
        )
        found = {}
        for company, product, failure, claims in rows:
            found.setdefault((company, product), [])
            if len(found[(company, product)]) < TOP_FAILURES:
                found[(company, product)].append(f"{failure.display_name} ({claims})")
        return {key: format_list(self.env, names) for key, names in found.items()}

    def _schedule_decision_activities(self):
        """A to-do for the company's after-sales manager, in their language,
        with the figures of the proposal."""
        managers = {
            company: company._aftersales_manager() for company in self.company_id
        }
        entries = []
        for proposal in self:
            manager = managers[proposal.company_id]
            env = self.with_context(lang=manager.lang or self.env.lang).env
            units = f"{proposal.unit_count:g}"
            date_from = format_date(env, proposal.date_from)
            date_to = format_date(env, proposal.date_to)
            summary = env._(
                "Decide: withdraw %(product)s?",
                product=proposal.product_id.display_name,
            )
            note = env._(
                "%(claims)s claims for %(units)s units delivered from "
                "%(date_from)s to %(date_to)s: a claim rate of %(rate)s%% "
                "against a threshold of %(threshold)s%%. Main failures: "
                "%(failures)s.",
                claims=proposal.claim_count,
                units=units,
                date_from=date_from,
                date_to=date_to,
                rate=proposal.claim_rate,
                threshold=proposal.threshold,
                failures=proposal.failure_summary or "-",
            )
            deadline = fields.Date.context_today(self) + timedelta(days=7)
            entries.append((proposal, manager, summary, deadline, note))
        return self._create_activities(entries)
