# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_is_zero, format_amount

# How the ages no unit has reached are extrapolated (see the forecast's
# ``extrapolate``).
METHODS = [
    ("weibull", "Fitted Weibull"),
    ("constant", "Constant Rate"),
]
# The months of the reserve shown one by one; what follows is one figure.
MONTHS_AHEAD = 12


class AftersalesWarrantyReserve(models.Model):
    """The warranty reserve of a company on a day: what the warranty of the
    units in service is still expected to cost (a provision, RU PBU 8/2010
    "оценочное обязательство по гарантийному ремонту", IAS 37), per product
    and month ahead. A snapshot: computed once from the figures of the day,
    kept as it was; the draft journal entry that books it locks it."""

    _name = "aftersales.warranty.reserve"
    _description = "Warranty Reserve"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

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
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Reserve Date",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
        help="The day of the units in service the reserve is computed for.",
    )
    date_figures = fields.Datetime(
        string="Figures Of",
        readonly=True,
        help="When the claims and units in service it reads were last computed.",
    )
    method = fields.Selection(
        selection=METHODS,
        string="Extrapolation",
        required=True,
        readonly=True,
        default="weibull",
        help="How the claims of the ages no unit has reached yet are "
        "estimated: a Weibull fitted on the observed cumulative claims, or "
        "the mean rate of the last three observed months in service.",
    )
    product_ids = fields.One2many(
        comodel_name="aftersales.warranty.reserve.product",
        inverse_name="reserve_id",
        string="Products",
        readonly=True,
    )
    month_ids = fields.One2many(
        comodel_name="aftersales.warranty.reserve.month",
        inverse_name="reserve_id",
        string="Months",
        readonly=True,
    )
    unit_count = fields.Float(
        string="Units in Service",
        digits="Product Unit of Measure",
        readonly=True,
    )
    expected_claim_count = fields.Float(
        string="Expected Claims", digits=(16, 2), readonly=True
    )
    amount_next = fields.Monetary(
        string="Next 12 Months",
        readonly=True,
        help="The expected cost of the claims of the next twelve months.",
    )
    amount_total = fields.Monetary(
        string="Reserve",
        readonly=True,
        tracking=True,
        help="The expected cost of the warranty still ahead of the units in "
        "service, until their coverage ends.",
    )
    amount_booked = fields.Monetary(
        string="Already Provided",
        readonly=True,
        help="The balance of the reserve account when the journal entry was "
        "prepared: the entry books the difference.",
    )
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Journal Entry",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
    )
    method_note = fields.Html(
        string="How It Is Computed",
        compute="_compute_method_note",
        sanitize=False,
    )
    note = fields.Text(
        string="Not in the Reserve",
        readonly=True,
        help="Products with units in service that the reserve could not "
        "count, and why.",
    )

    @api.depends_context("lang")
    def _compute_method_note(self):
        # The method in words, the same on the screen and on the paper.
        paragraphs = [
            self.env._(
                "For each product, the claims expected of its units in service: "
                "at every month in service still covered, the product's claims "
                "per 1,000 units that reached that age (censored: each age "
                "counts only the units that reached it), times its units in "
                "service now. The ages no unit has reached yet are "
                "extrapolated, by a Weibull fitted on the observed cumulative "
                "claims or by the mean rate of the last three observed months "
                "(see Extrapolation and, per product, Extrapolated By)."
            ),
            self.env._(
                "Times the product's average net cost of a resolved claim in "
                "warranty (rejected ones included): parts at cost, labour, "
                "replacements, refunds and dealer reimbursements, less what "
                "suppliers paid back; its category's average where the product "
                "has no resolved claim yet. Every amount is in the company's "
                "currency."
            ),
            self.env._(
                "The journal entry brings the reserve account to the reserve: it "
                "books the difference between the reserve and the account's "
                "balance, the expense account against the reserve account (RU "
                "PBU 8/2010, IAS 37). It is a draft for the accountant to post."
            ),
        ]
        note = Markup("").join(Markup("<p>%s</p>") % text for text in paragraphs)
        for reserve in self:
            reserve.method_note = note

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("aftersales.warranty.reserve") or self.env._("New")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_booked(self):
        if self.filtered("move_id"):
            raise UserError(
                self.env._(
                    "A reserve with a journal entry is kept: delete the entry "
                    "first if it was never posted."
                )
            )

    def action_create_entry(self):
        """Prepare the draft journal entry that brings the reserve account to
        this reserve: the expense account against the reserve account, for
        the difference between the reserve and the account's balance."""
        self.ensure_one()
        self._check_manager()
        if self.move_id:
            raise UserError(
                self.env._(
                    "Reserve %(name)s already has its journal entry, %(move)s.",
                    name=self.name,
                    move=self.move_id.display_name,
                )
            )
        company = self.company_id
        journal = company.aftersales_reserve_journal_id
        expense = company.aftersales_reserve_expense_account_id
        reserve = company.aftersales_reserve_account_id
        if not (journal and expense and reserve):
            raise UserError(
                self.env._(
                    "Set the journal, the expense account and the reserve "
                    "account of the warranty reserve in the After-Sales "
                    "settings of %(company)s first.",
                    company=company.name,
                )
            )
        booked = -sum(
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("account_id", "=", reserve.id),
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("date", "<=", self.date),
                ],
                [],
                ["balance:sum"],
            )[0]
        )
        change = self.currency_id.round(self.amount_total - booked)
        if self.currency_id.is_zero(change):
            raise UserError(
                self.env._(
                    "The reserve account already holds %(amount)s: there is "
                    "nothing to book.",
                    amount=format_amount(self.env, booked, self.currency_id),
                )
            )
        label = self.env._("Warranty reserve %(name)s", name=self.name)
        debit, credit = (expense, reserve) if change > 0 else (reserve, expense)
        # A snapshot's figures are written by the server only: the managers
        # read it, the entry is prepared for them (accountants post it).
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": self.date,
                    "ref": label,
                    "line_ids": [
                        fields.Command.create(
                            {"name": label, "account_id": account.id, side: abs(change)}
                        )
                        for account, side in ((debit, "debit"), (credit, "credit"))
                    ],
                }
            )
        )
        self.sudo().write({"move_id": move.id, "amount_booked": booked})
        return self.action_open_entry()

    def action_open_entry(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }

    def action_open_months(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_warranty_reserve_month_action"
        )
        action["domain"] = [("reserve_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def action_compute(self):
        """The reserve of the current company today, from the figures as
        they were last computed."""
        reserve = self._snapshot(self.env.company, fields.Date.context_today(self))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": reserve.id,
            "view_mode": "form",
        }

    @api.model
    def _cron_snapshot(self):
        """The monthly snapshot of every company with units under warranty,
        on new figures."""
        self.env["aftersales.claim.analysis"]._refresh()
        self.env["aftersales.service.exposure"]._refresh()
        today = fields.Date.context_today(self)
        companies = (
            self.env["aftersales.warranty"]
            .sudo()
            ._read_group([("state", "=", "active")], ["company_id"])
        )
        return self.browse().union(
            *(self._snapshot(company, today) for (company,) in companies)
        )

    @api.model
    def _snapshot(self, company, date, method="weibull"):
        """Compute and keep the reserve of ``company``: one query set per
        company whatever its number of units (the figures are grouped in
        SQL), its products and months created in one batch each."""
        self._check_manager()
        exposure = self.env["aftersales.service.exposure"].sudo().with_company(company)
        domain = [("company_id", "=", company.id)]
        forecast = exposure._claim_forecast(domain, MONTHS_AHEAD, method)
        costs = {
            product: cost
            for (__, product), cost in exposure._cost_per_claim(domain).items()
        }
        category_costs = {
            category: cost
            for (__, category), cost in exposure._cost_per_claim(
                domain, ("company_id", "product_categ_id")
            ).items()
        }
        currency = company.currency_id
        first_month = date.replace(day=1)
        products, months, missing = [], [], []
        for (__, product), figures in sorted(
            forecast.items(), key=lambda item: item[0][1].display_name
        ):
            if float_is_zero(figures["units"], precision_digits=6):
                continue
            if figures["claims"] is None:
                missing.append(
                    self.env._(
                        "%(product)s: no month in service observed yet.",
                        product=product.display_name,
                    )
                )
                continue
            cost, claims_counted, source = _cost_of(product, costs, category_costs)
            ahead = [*figures["claims"], figures["claims_later"]]
            amounts = [currency.round(claims * cost) for claims in ahead]
            common = {
                "company_id": company.id,
                "product_id": product.id,
                "product_categ_id": product.categ_id.id,
            }
            products.append(
                {
                    **common,
                    "date": date,
                    "unit_count": figures["units"],
                    "cost_per_claim": currency.round(cost),
                    "cost_claim_count": claims_counted,
                    "cost_source": source,
                    "expected_claim_count": sum(ahead),
                    "amount_next": sum(amounts[:-1]),
                    "amount_total": sum(amounts),
                    "extrapolated": figures["extrapolated"],
                    "method": figures["method"],
                }
            )
            # The months that expect a claim: those after the units'
            # coverage have none (the pivot shows them empty).
            months += [
                {
                    **common,
                    "months_ahead": index,
                    "date": first_month + relativedelta(months=index),
                    "expected_claim_count": claims,
                    "amount": amount,
                }
                for index, (claims, amount) in enumerate(
                    zip(ahead, amounts, strict=True), 1
                )
                if claims
            ]
        reserve = self.sudo().create(
            {
                "company_id": company.id,
                "date": date,
                "method": method,
                "date_figures": exposure._date_refreshed(),
                "unit_count": sum(p["unit_count"] for p in products),
                "expected_claim_count": sum(
                    p["expected_claim_count"] for p in products
                ),
                "amount_next": sum(p["amount_next"] for p in products),
                "amount_total": sum(p["amount_total"] for p in products),
                "note": "\n".join(missing) or False,
            }
        )
        for values in products:
            values["reserve_id"] = reserve.id
        for values in months:
            values["reserve_id"] = reserve.id
        self.env["aftersales.warranty.reserve.product"].sudo().create(products)
        self.env["aftersales.warranty.reserve.month"].sudo().create(months)
        return reserve.with_env(self.env)

    def _check_manager(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only after-sales managers work with the warranty reserve.")
            )


def _cost_of(product, costs, category_costs):
    """(cost per claim, claims it is averaged over, its source)."""
    if product in costs:
        return (*costs[product], "product")
    if product.categ_id in category_costs:
        return (*category_costs[product.categ_id], "category")
    return 0.0, 0, "none"
