# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

PARTS_MODES = [
    ("cost", "At Cost"),
    ("cost_plus", "Cost plus a Percentage"),
    ("pricelist", "Price List"),
]


class AftersalesDealerContract(models.Model):
    _name = "aftersales.dealer.contract"
    _description = "Dealer Service Contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Dealer",
        required=True,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date(
        string="Valid From",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(string="Valid Until", tracking=True)
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("terminated", "Terminated"),
        ],
        default="draft",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
        help="- Draft: being negotiated.\n"
        "- Active: the dealer services and is reimbursed under it.\n"
        "- Expired: its end date passed (set by the daily check).\n"
        "- Terminated: ended early.",
    )
    product_categ_ids = fields.Many2many(
        comodel_name="product.category",
        string="Covered Categories",
        help="The dealer services the products of these categories (and of "
        "their sub-categories).",
    )
    product_ids = fields.Many2many(
        comodel_name="product.product",
        string="Covered Products",
        help="Products the dealer services besides the covered categories.",
    )
    claim_type_ids = fields.Many2many(
        comodel_name="aftersales.claim.type",
        string="Allowed Claim Types",
        help="The kinds of claims the dealer may handle. Empty: any.",
    )
    labour_rate = fields.Monetary(
        string="Labour Rate (per hour)",
        tracking=True,
    )
    operation_line_ids = fields.One2many(
        comodel_name="aftersales.dealer.contract.operation",
        inverse_name="contract_id",
        string="Flat-Rate Times",
        copy=True,
    )
    parts_mode = fields.Selection(
        selection=PARTS_MODES,
        string="Parts Reimbursement",
        default="cost",
        required=True,
        tracking=True,
    )
    parts_markup = fields.Float(
        string="Parts Markup (%)",
        help="Added to the cost of the parts when they are reimbursed at cost "
        "plus a percentage.",
    )
    pricelist_id = fields.Many2one(
        comodel_name="product.pricelist",
        string="Parts Price List",
        check_company=True,
    )
    service_days = fields.Integer(
        string="Repair Service Level (days)",
        default=10,
        help="The dealer repairs a unit within this many days of receiving it.",
    )
    point_street = fields.Char(string="Street")
    point_city = fields.Char(string="City", index=True)
    point_phone = fields.Char(string="Phone")
    point_hours = fields.Char(string="Opening Hours", translate=True)
    point_published = fields.Boolean(
        string="Published Service Point",
        help="Consumers find this dealer on the public service points page.",
    )
    note = fields.Html(string="Terms")
    # Scorecard.
    claim_count = fields.Integer(string="Claims Handled", compute="_compute_scorecard")
    average_repair_days = fields.Float(
        compute="_compute_scorecard",
        digits=(16, 1),
        help="From reception to return, over the dealer's resolved claims.",
    )
    dealer_claim_rejected_count = fields.Integer(
        string="Dealer Claims Rejected", compute="_compute_scorecard"
    )
    amount_reimbursed = fields.Monetary(compute="_compute_scorecard")

    # Which steps the form offers: the rule of each step's action.
    can_activate = fields.Boolean(compute="_compute_can_steps")
    can_terminate = fields.Boolean(compute="_compute_can_steps")
    can_draft = fields.Boolean(compute="_compute_can_steps")

    _sql_constraints = [
        (
            "dates_ordered",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A contract cannot end before it starts.",
        ),
        (
            "rates_positive",
            "CHECK(labour_rate >= 0 AND parts_markup >= 0 AND service_days >= 0)",
            "Rates, markups and service levels cannot be negative.",
        ),
    ]

    def init(self):
        # One active contract per dealer and company, enforced by the
        # database (two managers activating at once cannot both succeed).
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s "
                "(partner_id, company_id) WHERE state = 'active'",
                SQL.identifier("aftersales_dealer_contract_active_uniq"),
                SQL.identifier(self._table),
            )
        )

    @api.depends("partner_id")
    def _compute_scorecard(self):
        claims = (
            self.env["aftersales.claim"]
            .sudo()
            .search_fetch(
                [("dealer_id", "in", self.partner_id.ids)],
                ["dealer_id", "company_id", "date_received", "date_returned"],
            )
        )
        dealer_claims = (
            self.env["aftersales.dealer.claim"]
            .sudo()
            .search_fetch(
                [("contract_id", "in", self.ids)],
                ["contract_id", "state", "amount_total"],
            )
        )
        # Grouped once, so that each contract reads its own rows.
        claims_of = defaultdict(list)
        for claim in claims:
            claims_of[(claim.dealer_id, claim.company_id)].append(claim)
        reimbursed_of = defaultdict(lambda: dealer_claims.browse())
        for dealer_claim in dealer_claims:
            reimbursed_of[dealer_claim.contract_id] |= dealer_claim
        for contract in self:
            mine = claims_of[(contract.partner_id, contract.company_id)]
            durations = [
                (c.date_returned - c.date_received).total_seconds() / 86400
                for c in mine
                if c.date_received and c.date_returned
            ]
            reimbursed = reimbursed_of[contract]
            contract.claim_count = len(mine)
            contract.average_repair_days = (
                sum(durations) / len(durations) if durations else 0.0
            )
            contract.dealer_claim_rejected_count = len(
                reimbursed.filtered(lambda d: d.state == "rejected")
            )
            contract.amount_reimbursed = sum(
                reimbursed.filtered(lambda d: d.state in ("approved", "paid")).mapped(
                    "amount_total"
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_values(vals)
        self._assign_numbers(vals_list, "aftersales.dealer.contract")
        return super().create(vals_list)

    def write(self, vals):
        for contract in self:
            self._check_values(
                {
                    "date_start": contract.date_start,
                    "date_end": contract.date_end,
                    "labour_rate": contract.labour_rate,
                    "parts_markup": contract.parts_markup,
                    **vals,
                }
            )
        result = super().write(vals)
        if "partner_id" in vals:
            self.filtered(lambda c: c.state == "active")._check_no_overlap()
        return result

    def _get_step_states(self):
        return {
            **super()._get_step_states(),
            "activate": ("draft",),
            "terminate": ("active",),
            "draft": ("expired", "terminated"),
        }

    def action_activate(self):
        self._check_step("activate", self.env._("activate"))
        self._check_no_overlap()
        try:
            with self.env.cr.savepoint():
                self.write({"state": "active"})
                self.flush_recordset(["state"])
        except UniqueViolation:
            raise UserError(self._overlap_message(self[:1])) from None
        return True

    def action_terminate(self):
        self._check_step("terminate", self.env._("terminate"))
        today = fields.Date.context_today(self)
        for contract in self:
            contract.write(
                {
                    "state": "terminated",
                    "date_end": max(
                        min(contract.date_end or today, today), contract.date_start
                    ),
                }
            )
        return True

    def action_draft(self):
        self._check_step("draft", self.env._("reset"))
        self.write({"state": "draft"})
        return True

    @api.model
    def _cron_expire(self):
        """Daily: active contracts past their end date expire."""
        ended = self.search(
            [
                ("state", "=", "active"),
                ("date_end", "<", fields.Date.context_today(self)),
            ]
        )
        ended.write({"state": "expired"})
        return ended

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _check_values(self, vals):
        start = fields.Date.to_date(vals.get("date_start"))
        end = fields.Date.to_date(vals.get("date_end"))
        if start and end and end < start:
            raise ValidationError(
                self.env._(
                    "The contract cannot end (%(end)s) before it starts (%(start)s).",
                    end=end,
                    start=start,
                )
            )
        for field in ("labour_rate", "parts_markup", "service_days"):
            if (vals.get(field) or 0) < 0:
                raise ValidationError(
                    self.env._(
                        "%(field)s cannot be negative.",
                        field=self._fields[field]._description_string(self.env),
                    )
                )

    def _check_no_overlap(self):
        """Refuse a second active contract of a dealer in a company, whatever
        their dates (the database refuses it too)."""
        actives = self.sudo().search(
            [("partner_id", "in", self.partner_id.ids), ("state", "=", "active")]
        )
        for contract in self:
            others = actives.filtered(
                lambda o, k=contract: (
                    o.partner_id == k.partner_id
                    and o.company_id == k.company_id
                    and o.id != k.id
                )
            )
            if others:
                raise UserError(self._overlap_message(contract, others[0]))

    def _overlap_message(self, contract, other=None):
        return self.env._(
            "%(dealer)s already has an active contract (%(other)s): terminate it "
            "before activating another.",
            dealer=contract.partner_id.display_name,
            other=other.name if other else "?",
        )

    @api.model
    def _active_by_partner(self, partners, companies):
        """(commercial partner, company) -> active contract, for ``partners``
        in ``companies``, in one query."""
        contracts = self.sudo().search(
            [
                ("partner_id", "in", partners.commercial_partner_id.ids),
                ("company_id", "in", companies.ids),
                ("state", "=", "active"),
            ]
        )
        return {
            (contract.partner_id, contract.company_id): contract
            for contract in contracts
        }

    @api.model
    def _active_for(self, partner, company):
        """The active contract of ``partner`` (or its company) in
        ``company``."""
        return self._active_by_partner(partner, company).get(
            (partner.commercial_partner_id, company), self.browse()
        )

    def _covers(self, product):
        """Whether the contract covers ``product``."""
        self.ensure_one()
        if not self.product_categ_ids and not self.product_ids:
            return True
        category = product.categ_id
        covered = self.product_categ_ids
        while category:
            if category in covered:
                return True
            category = category.parent_id
        return product in self.product_ids

    def _allows(self, claim_type):
        self.ensure_one()
        return not self.claim_type_ids or claim_type in self.claim_type_ids.mapped(
            "code"
        )

    def _operation_hours(self, operation):
        """Flat-rate hours of ``operation`` under this contract."""
        self.ensure_one()
        line = self.operation_line_ids.filtered(
            lambda rate: rate.operation_id == operation
        )[:1]
        return line.hours if line else operation.hours

    def _part_price(self, product, quantity=1.0):
        """What the contract reimburses for ``quantity`` of ``product``."""
        self.ensure_one()
        cost = product.with_company(self.company_id).standard_price
        if self.parts_mode == "cost_plus":
            return cost * (1 + self.parts_markup / 100) * quantity
        if self.parts_mode == "pricelist" and self.pricelist_id:
            return self.pricelist_id._get_product_price(product, quantity) * quantity
        return cost * quantity


class AftersalesDealerContractOperation(models.Model):
    _name = "aftersales.dealer.contract.operation"
    _description = "Dealer Contract Flat-Rate Time"
    _order = "contract_id, id"

    contract_id = fields.Many2one(
        comodel_name="aftersales.dealer.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    operation_id = fields.Many2one(
        comodel_name="aftersales.labour.operation",
        required=True,
    )
    hours = fields.Float(
        compute="_compute_hours",
        store=True,
        readonly=False,
        help="Flat-rate time paid for the operation under this contract.",
    )

    _sql_constraints = [
        ("hours_positive", "CHECK(hours >= 0)", "A flat-rate time cannot be negative."),
        (
            "operation_uniq",
            "unique(contract_id, operation_id)",
            "An operation has one flat-rate time per contract.",
        ),
    ]

    @api.depends("operation_id")
    def _compute_hours(self):
        for line in self:
            line.hours = line.operation_id.hours
