# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

ACTIVE_STATES = ("draft", "lent")


class AftersalesLoan(models.Model):
    _name = "aftersales.loan"
    _description = "Loaner Unit Loan"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.workflow.mixin"]
    _order = "date_out desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    claim_id = fields.Many2one(
        comodel_name="aftersales.claim",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="The claim whose item is in the workshop while the customer has "
        "the loaner.",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Borrower",
        required=True,
        index=True,
        tracking=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Loaner Unit",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
        domain="[('aftersales_loaner', '=', True)]",
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        required=True,
        check_company=True,
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The warehouse whose loaner location lends and takes back the unit.",
    )
    date_out = fields.Date(
        string="Lent On",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_due = fields.Date(
        string="Due Back",
        required=True,
        index=True,
        tracking=True,
    )
    date_returned = fields.Date(
        string="Returned On", readonly=True, copy=False, tracking=True
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("lent", "Lent"),
            ("returned", "Returned"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
        help="- Draft: the unit is set aside for the borrower.\n"
        "- Lent: the delivery handed the unit over.\n"
        "- Returned: the receipt brought it back.\n"
        "- Cancelled: the unit was never handed over.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        readonly=True,
        copy=False,
        index=True,
        help="Still out after its due date (set by the daily check).",
    )
    picking_out_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Delivery",
        readonly=True,
        copy=False,
        check_company=True,
    )
    picking_in_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Return Receipt",
        readonly=True,
        copy=False,
        check_company=True,
    )
    deposit_amount = fields.Monetary(
        string="Deposit",
        help="Deposit the borrower left for the unit, if any.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    duration_days = fields.Integer(
        string="Days Lent",
        compute="_compute_duration_days",
        store=True,
        aggregator="avg",
        help="Length of the returned loan, in days.",
    )
    note = fields.Html()

    # Which steps the form offers: the rule of each step's action.
    can_lend = fields.Boolean(compute="_compute_can_steps")
    can_return = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")

    _sql_constraints = [
        (
            "dates_ordered",
            "CHECK(date_due >= date_out)",
            "A loaner cannot be due back before it is lent.",
        ),
        (
            "deposit_positive",
            "CHECK(deposit_amount IS NULL OR deposit_amount >= 0)",
            "A deposit cannot be negative.",
        ),
    ]

    def init(self):
        # One active loan per unit, enforced by the database: of two users
        # lending the same unit at the same moment, one gets refused.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (lot_id) "
                "WHERE state IN ('draft', 'lent')",
                SQL.identifier("aftersales_loan_lot_active_uniq"),
                SQL.identifier(self._table),
            )
        )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("claim_id")
    def _compute_partner_id(self):
        for loan in self.filtered("claim_id"):
            loan.partner_id = loan.claim_id.partner_id

    @api.depends("company_id", "claim_id")
    def _compute_warehouse_id(self):
        warehouses = {}
        for loan in self:
            if loan.warehouse_id.company_id == loan.company_id:
                continue
            company = loan.claim_id.company_id or loan.company_id
            if company not in warehouses:
                warehouses[company] = (
                    company._aftersales_warehouse()
                    if company
                    else self.env["stock.warehouse"]
                )
            loan.warehouse_id = warehouses[company]

    @api.depends("date_out", "date_returned")
    def _compute_duration_days(self):
        for loan in self:
            loan.duration_days = (
                (loan.date_returned - loan.date_out).days if loan.date_returned else 0
            )

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------

    @api.constrains("claim_id", "date_out")
    def _check_claim_dates(self):
        """A loaner stands in for a claimed item: it is not lent before the
        claim was made nor before the loaner was requested."""
        for loan in self.filtered("claim_id"):
            claim = loan.claim_id.sudo()
            start = max(filter(None, (claim.date_claim, claim.date_loaner_requested)))
            if loan.date_out < start:
                raise ValidationError(
                    self.env._(
                        "A loaner cannot be lent (%(out)s) for claim %(claim)s "
                        "before the claim was made or the loaner requested "
                        "(%(start)s).",
                        out=loan.date_out,
                        claim=claim.name,
                        start=start,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_dates(vals.get("date_out"), vals.get("date_due"))
        self._check_units_lendable(
            [
                (
                    self.env["stock.lot"].browse(vals["lot_id"]),
                    self.env["res.company"].browse(
                        vals.get("company_id") or self.env.company.id
                    ),
                )
                for vals in vals_list
                if vals.get("lot_id") and vals.get("state", "draft") in ACTIVE_STATES
            ]
        )
        self._assign_numbers(vals_list, "aftersales.loan")
        try:
            # Two users lending the same unit at once both pass the check
            # above; the unique index refuses the second. A savepoint, so
            # that the refusal leaves a usable cursor.
            with self.env.cr.savepoint():
                loans = super().create(vals_list)
        except UniqueViolation:
            raise UserError(self._unit_taken_message()) from None
        loans._record_loaner_request()
        return loans

    def write(self, vals):
        if {"date_out", "date_due"} & set(vals):
            for loan in self:
                self._check_dates(
                    vals.get("date_out", loan.date_out),
                    vals.get("date_due", loan.date_due),
                )
            # A new due date still ahead: the loan is no longer overdue.
            date_due = fields.Date.to_date(vals.get("date_due"))
            if date_due and date_due >= fields.Date.context_today(self):
                vals["is_overdue"] = False
        if "lot_id" in vals:
            if any(loan.state != "draft" for loan in self):
                raise UserError(
                    self.env._("The unit of a loan cannot change once it is lent.")
                )
            lot = self.env["stock.lot"].browse(vals["lot_id"])
            self._check_units_lendable(
                [(lot, loan.company_id) for loan in self], loans=self
            )
        if "lot_id" not in vals:
            result = super().write(vals)
        else:
            try:
                with self.env.cr.savepoint():
                    result = super().write(vals)
                    self.flush_recordset(["lot_id"])
            except UniqueViolation:
                raise UserError(self._unit_taken_message()) from None
        if vals.get("claim_id"):
            self._record_loaner_request()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_lent(self):
        if any(loan.state in ("lent", "returned") for loan in self):
            raise UserError(
                self.env._(
                    "A loan that handed a unit over is kept: cancel a draft loan "
                    "instead of deleting a lent or returned one."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _get_step_states(self):
        return {
            **super()._get_step_states(),
            "lend": ("draft",),
            "return": ("lent",),
            "cancel": ("draft",),
        }

    def action_lend(self):
        """Hand the units over: a delivery from the loaner location to the
        borrower, validated; the loan is lent."""
        self._check_step("lend", self.env._("lend"))
        self._check_units_lendable(
            [(loan.lot_id, loan.company_id) for loan in self], loans=self
        )
        self._check_in_loaner_location()
        customers = self.env.ref("stock.stock_location_customers")
        for loan in self:
            picking = loan.picking_out_id
            if not picking or picking.state == "cancel":
                picking = loan._create_transfer(
                    loan.warehouse_id.out_type_id,
                    loan.warehouse_id._aftersales_loaner_location(),
                    customers,
                )
                loan.picking_out_id = picking
            picking._aftersales_validate()
        return True

    def action_return(self):
        """Take the units back: a receipt from the borrower into the loaner
        location, validated; the loan is returned."""
        for loan in self:
            if loan.state == "returned":
                raise UserError(
                    self.env._(
                        "Loan %(loan)s is already returned, on %(date)s.",
                        loan=loan.name,
                        date=loan.date_returned,
                    )
                )
        self._check_step("return", self.env._("return"))
        customers = self.env.ref("stock.stock_location_customers")
        for loan in self:
            picking = loan.picking_in_id
            if not picking or picking.state == "cancel":
                picking = loan._create_transfer(
                    loan.warehouse_id.in_type_id,
                    customers,
                    loan.warehouse_id._aftersales_loaner_location(),
                )
                loan.picking_in_id = picking
            picking._aftersales_validate()
        return True

    def action_cancel(self):
        """Give up a loan whose unit was not handed over."""
        self._check_step("cancel", self.env._("cancel"))
        self.picking_out_id.filtered(lambda p: p.state != "done").action_cancel()
        self.write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _check_dates(self, date_out, date_due):
        date_out = fields.Date.to_date(date_out) or fields.Date.context_today(self)
        date_due = fields.Date.to_date(date_due)
        if date_due and date_due < date_out:
            raise ValidationError(
                self.env._(
                    "The loaner cannot be due back (%(due)s) before it is lent "
                    "(%(out)s).",
                    due=date_due,
                    out=date_out,
                )
            )

    def _record_loaner_request(self):
        """A loan answers the claim's loaner request: a claim given a loaner
        without one records it, on the day the loan starts, so that the
        claim and its loans agree."""
        for loan in self.filtered(
            lambda loan: loan.claim_id and not loan.claim_id.sudo().loaner_requested
        ):
            loan.claim_id.sudo().write(
                {"loaner_requested": True, "date_loaner_requested": loan.date_out}
            )

    def _unit_taken_message(self):
        return self.env._(
            "This loaner unit was just lent by someone else: choose another one."
        )

    @api.model
    def _check_units_lendable(self, units, loans=None):
        """Refuse a unit that cannot go on a loan: not a loaner, of another
        company, on another active loan (than ``loans``), in repair or in
        maintenance. ``units``: (lot, company) pairs. Checked before writing,
        so that the user gets these messages rather than the database's
        refusal."""
        lots = self.env["stock.lot"].sudo().browse({lot.id for lot, __ in units})
        if not lots:
            return
        in_repair = set(
            self.env["repair.order"]
            .sudo()
            .search(
                [("lot_id", "in", lots.ids), ("state", "not in", ("done", "cancel"))]
            )
            .lot_id.ids
        )
        others = {
            loan.lot_id.id: loan
            for loan in self.sudo().search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "in", ACTIVE_STATES),
                    ("id", "not in", loans.ids if loans else []),
                ]
            )
        }
        seen = set()
        for lot, company in units:
            unit = lot.sudo()
            if not unit.aftersales_loaner:
                raise UserError(
                    self.env._("%(unit)s is not a loaner unit.", unit=unit.name)
                )
            if unit.company_id and unit.company_id != company:
                raise UserError(
                    self.env._("%(unit)s belongs to another company.", unit=unit.name)
                )
            if unit.id in others or unit.id in seen:
                raise UserError(
                    self.env._(
                        "%(unit)s is already on loan %(other)s: choose another unit.",
                        unit=unit.name,
                        other=others[unit.id].name if unit.id in others else "",
                    )
                )
            if unit.id in in_repair or unit.aftersales_loaner_maintenance:
                raise UserError(
                    self.env._("%(unit)s is in repair or maintenance.", unit=unit.name)
                )
            seen.add(unit.id)

    def _check_in_loaner_location(self):
        """Refuse to hand over a unit that is not in its warehouse's loaner
        location."""
        for loan in self:
            location = loan.warehouse_id.sudo()._aftersales_loaner_location()
            if not loan.lot_id.sudo().quant_ids.filtered(
                lambda q, location=location: (
                    q.quantity > 0 and q.location_id == location
                )
            ):
                raise UserError(
                    self.env._(
                        "%(unit)s is not in the loaner location %(location)s.",
                        unit=loan.lot_id.name,
                        location=location.display_name,
                    )
                )

    def _create_transfer(self, picking_type, source, destination):
        self.ensure_one()
        return self.env["stock.picking"]._aftersales_create_unit_transfer(
            picking_type,
            source,
            destination,
            self.product_id,
            self.lot_id,
            self.partner_id,
            **self._prepare_transfer_vals(),
        )

    def _prepare_transfer_vals(self):
        """The loan's own values of its transfers (out to the borrower, back)."""
        self.ensure_one()
        return {
            "origin": self.name,
            "aftersales_claim_id": self.claim_id.id,
            "aftersales_loan_id": self.id,
        }

    def _days_lent(self, date_from, date_to):
        """Days from ``date_from`` to ``date_to`` (both included) on which one
        of these loans had its unit out: from the day it was lent to the day
        before it came back, or to ``date_to`` while still out (a unit lent
        today counts today). A day two loans share counts once."""
        end = date_to + timedelta(days=1)
        periods = sorted(
            (max(loan.date_out, date_from), min(loan.date_returned or end, end))
            for loan in self
            if loan.state in ("lent", "returned") and loan.date_out
        )
        days, reached = 0, date_from
        for start, stop in periods:
            start = max(start, reached)
            if stop > start:
                days += (stop - start).days
                reached = stop
        return days

    def _on_transfer_done(self, picking):
        """The loan follows its transfers: delivered means lent, received
        back means returned."""
        self.ensure_one()
        date = fields.Date.context_today(self, picking.date_done)
        if picking == self.picking_out_id and self.state == "draft":
            self.write(
                {
                    "state": "lent",
                    "date_out": date,
                    "date_due": max(self.date_due, date),
                }
            )
        elif picking == self.picking_in_id and self.state == "lent":
            self.write({"state": "returned", "date_returned": date})

    @api.model
    def _cron_overdue(self):
        """Daily: mark the loans still out after their due date, give their
        responsible an activity and remind the borrower by e-mail."""
        loans = self.search(
            [
                ("state", "=", "lent"),
                ("is_overdue", "=", False),
                ("date_due", "<", fields.Date.context_today(self)),
            ]
        )
        if not loans:
            return loans
        loans.write({"is_overdue": True})
        self._create_activities(
            [
                (
                    loan,
                    loan.user_id,
                    self.env._("Loaner overdue"),
                    fields.Date.context_today(self),
                    self.env._(
                        "%(unit)s was due back from %(borrower)s on %(date)s.",
                        unit=loan.lot_id.display_name,
                        borrower=loan.partner_id.display_name,
                        date=loan.date_due,
                    ),
                )
                for loan in loans
            ]
        )
        loans._remind_borrowers()
        return loans

    def _remind_borrowers(self):
        """E-mail the borrowers to bring their loaner back. A loan lent to the
        customer of a claim tells it in the claim's conversation, which the
        customer reads on the portal, and notes on the loan that it did; any
        other loan e-mails from the loan itself. Each borrower gets the
        reminder once."""
        template = self.env.ref("aftersales_service.mail_template_loan_overdue")
        on_claim = self.filtered(
            lambda loan: loan.claim_id and loan.claim_id.partner_id == loan.partner_id
        )
        (self - on_claim).message_post_with_source(
            template, subtype_xmlid="mail.mt_comment"
        )
        if not on_claim:
            return
        rendered = {
            field: template._render_field(field, on_claim.ids, compute_lang=True)
            for field in ("subject", "body_html")
        }
        for loan in on_claim:
            loan.claim_id.message_subscribe(partner_ids=loan.partner_id.ids)
            loan.claim_id._post_to_customer(
                subject=rendered["subject"][loan.id],
                body=rendered["body_html"][loan.id],
            )
            loan.message_post(
                body=self.env._(
                    "Reminder sent to %(borrower)s on claim %(claim)s.",
                    borrower=loan.partner_id.display_name,
                    claim=loan.claim_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
