# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

MANAGER = "aftersales_service.group_aftersales_manager"
# Set by the server only (the computes and the claim's own steps), never by a
# client (form, RPC, import): they decide what the dealer is paid.
SERVER_FIELDS = frozenset(
    {
        "name",
        "state",
        "bill_id",
        "rejection_reason",
        "amount_labour",
        "amount_parts",
        "amount_total",
        "flag_not_covered",
        "flag_type_not_allowed",
        "flag_warranty_expired",
        "flag_duplicate",
        "flag_hours_changed",
        "flag_second_visit",
        "is_flagged",
    }
)
# What the dealer claimed: fixed once it is submitted.
SUBMITTED_FIELDS = frozenset(
    {
        "claim_id",
        "partner_id",
        "contract_id",
        "company_id",
        "date",
        "operation_line_ids",
        "part_line_ids",
        "second_visit_reason",
    }
)
# Approved and paid claims change no more (but their chatter).
LOCKED_STATES = ("approved", "paid")
# The flags and amounts recomputed at submission and approval.
FLAG_FIELDS = (
    "flag_not_covered",
    "flag_type_not_allowed",
    "flag_warranty_expired",
    "flag_duplicate",
    "flag_hours_changed",
    "flag_second_visit",
    "is_flagged",
)
# The dealer claims whose work is claimed: a piece of work is billed once.
CLAIMED_STATES = ("submitted", "approved", "paid")
# The dealer claims whose work is being paid.
PAID_STATES = ("approved", "paid")
AMOUNT_FIELDS = ("amount_labour", "amount_parts", "amount_total")


class AftersalesDealerClaim(models.Model):
    _name = "aftersales.dealer.claim"
    _description = "Dealer Reimbursement Claim"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    claim_id = fields.Many2one(
        comodel_name="aftersales.claim",
        string="Customer Claim",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Dealer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        required=True,
        index=True,
        precompute=True,
        tracking=True,
    )
    contract_id = fields.Many2one(
        comodel_name="aftersales.dealer.contract",
        compute="_compute_contract_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        index="btree_not_null",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("paid", "Paid"),
        ],
        default="draft",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
        help="- Draft: the dealer describes the work.\n"
        "- Submitted: waiting for the manufacturer's review.\n"
        "- Approved: a vendor bill to the dealer is drafted.\n"
        "- Rejected: not reimbursed, with the reason.\n"
        "- Paid: the vendor bill is paid.",
    )
    operation_line_ids = fields.One2many(
        comodel_name="aftersales.dealer.claim.operation",
        inverse_name="dealer_claim_id",
        string="Labour",
        copy=True,
    )
    part_line_ids = fields.One2many(
        comodel_name="aftersales.dealer.claim.part",
        inverse_name="dealer_claim_id",
        string="Parts Used",
        copy=True,
    )
    amount_labour = fields.Monetary(compute="_compute_amounts", store=True)
    amount_parts = fields.Monetary(compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(compute="_compute_amounts", store=True)
    # The flags tell the dealer too why a claim needs the manufacturer's
    # review; the vendor bill is the staff's.
    flag_not_covered = fields.Boolean(
        string="Product Not Covered",
        compute="_compute_flags",
        store=True,
    )
    flag_type_not_allowed = fields.Boolean(
        string="Claim Type Not Allowed",
        compute="_compute_flags",
        store=True,
    )
    flag_warranty_expired = fields.Boolean(
        string="Out of Warranty",
        compute="_compute_flags",
        store=True,
    )
    flag_duplicate = fields.Boolean(
        string="Duplicate",
        compute="_compute_flags",
        store=True,
    )
    flag_hours_changed = fields.Boolean(
        string="Hours Above the Flat Rate",
        compute="_compute_flags",
        store=True,
        help="A labour line claims more time than the contract's flat rate.",
    )
    flag_second_visit = fields.Boolean(
        string="Second Visit: Work Already Claimed",
        compute="_compute_flags",
        store=True,
        help="A labour operation or a part of this claim is already claimed, for "
        "the same customer claim, in another dealer claim: the dealer gives the "
        "reason of the second visit, and only a manager can approve it.",
    )
    second_visit_reason = fields.Text(
        copy=False,
        tracking=True,
        help="Why the dealer claims again a labour operation or a part already "
        "claimed for the same customer claim (a second visit). Without it, "
        "such a claim is refused.",
    )
    is_flagged = fields.Boolean(
        string="Outside the Contract",
        compute="_compute_flags",
        store=True,
        index=True,
        help="Something is outside the contract: only a manager can approve.",
    )
    flag_summary = fields.Char(
        string="Why It Needs a Manager",
        compute="_compute_flag_summary",
        help="The flags of the claim, in full.",
    )
    rejection_reason = fields.Char(readonly=True, tracking=True, copy=False)
    bill_id = fields.Many2one(
        comodel_name="account.move",
        string="Vendor Bill",
        readonly=True,
        copy=False,
        check_company=True,
        groups="base.group_user",
    )
    note = fields.Html()

    # Which steps the form offers: the rule of each step's action.
    can_submit = fields.Boolean(compute="_compute_can_steps")
    can_approve = fields.Boolean(compute="_compute_can_steps")
    can_reject = fields.Boolean(compute="_compute_can_steps")
    can_reset = fields.Boolean(compute="_compute_can_steps")
    can_reset_draft = fields.Boolean(compute="_compute_can_steps")

    @api.depends("claim_id")
    def _compute_partner_id(self):
        for dealer_claim in self.filtered("claim_id"):
            dealer_claim.partner_id = dealer_claim.claim_id.dealer_id

    @api.depends("partner_id", "company_id")
    def _compute_contract_id(self):
        contracts = self.env["aftersales.dealer.contract"]
        active = contracts._active_by_partner(self.partner_id, self.company_id)
        for dealer_claim in self:
            dealer_claim.contract_id = active.get(
                (
                    dealer_claim.partner_id.commercial_partner_id,
                    dealer_claim.company_id,
                ),
                contracts,
            )

    @api.depends("operation_line_ids.amount", "part_line_ids.amount")
    def _compute_amounts(self):
        for dealer_claim in self:
            labour = sum(dealer_claim.operation_line_ids.mapped("amount"))
            parts = sum(dealer_claim.part_line_ids.mapped("amount"))
            dealer_claim.amount_labour = labour
            dealer_claim.amount_parts = parts
            dealer_claim.amount_total = labour + parts

    @api.depends(
        "contract_id",
        "contract_id.product_categ_ids",
        "contract_id.product_ids",
        "contract_id.claim_type_ids",
        "contract_id.operation_line_ids.hours",
        "claim_id.product_id",
        "claim_id.claim_type",
        "claim_id.coverage",
        "claim_id.date_claim",
        "claim_id.warranty_id.state",
        "claim_id.warranty_id.date_end",
        "operation_line_ids.operation_id",
        "operation_line_ids.hours",
        "part_line_ids.product_id",
        "second_visit_reason",
    )
    def _compute_flags(self):
        # A duplicate is a later dealer claim for a customer claim that an
        # earlier one (not rejected) already covers: stable however many of
        # them are recomputed together.
        earlier = {}
        for other in self.sudo().search(
            [("claim_id", "in", self.claim_id.ids), ("state", "!=", "rejected")],
            order="id",
        ):
            earlier.setdefault(other.claim_id.id, other.id)
        claimed = self._work_claimed_elsewhere(CLAIMED_STATES)
        for dealer_claim in self:
            contract, claim = dealer_claim.contract_id, dealer_claim.claim_id
            dealer_claim.flag_not_covered = bool(
                not contract or not contract._covers(claim.product_id)
            )
            dealer_claim.flag_type_not_allowed = bool(
                contract and not contract._allows(claim.claim_type)
            )
            # The coverage the unit has, not only the one stored on the claim.
            dealer_claim.flag_warranty_expired = (
                claim.coverage != "in_warranty"
                or claim.sudo().warranty_id._coverage_on(claim.date_claim)
                != "in_warranty"
            )
            dealer_claim.flag_hours_changed = any(
                float_compare(
                    line.hours,
                    contract._operation_hours(line.operation_id)
                    if contract
                    else line.operation_id.hours,
                    precision_digits=2,
                )
                > 0
                for line in dealer_claim.operation_line_ids
            )
            first = earlier.get(claim.id)
            own_id = dealer_claim._origin.id or dealer_claim.id
            dealer_claim.flag_duplicate = bool(
                first and (not isinstance(own_id, int) or first < own_id)
            )
            dealer_claim.flag_second_visit = bool(
                dealer_claim._second_visit_given() and claimed.get(dealer_claim)
            )
            dealer_claim.is_flagged = any(
                (
                    dealer_claim.flag_not_covered,
                    dealer_claim.flag_type_not_allowed,
                    dealer_claim.flag_warranty_expired,
                    dealer_claim.flag_duplicate,
                    dealer_claim.flag_hours_changed,
                    dealer_claim.flag_second_visit,
                )
            )

    @api.depends(*FLAG_FIELDS)
    def _compute_flag_summary(self):
        for dealer_claim in self:
            dealer_claim.flag_summary = ", ".join(
                self._fields[name]._description_string(self.env)
                for name in FLAG_FIELDS
                if name != "is_flagged" and dealer_claim[name]
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_client_new_values(vals)
        # The number is taken last, once every check of the claim and its
        # lines has passed: the sequence is a PostgreSQL one, which a rollback
        # does not give back, so a refused claim must never reach it.
        new = self.env._("New")
        for vals in vals_list:
            vals.setdefault("name", new)
        dealer_claims = super().create(vals_list)
        dealer_claims._check_dealer_of_claim()
        unnumbered = dealer_claims.filtered(lambda d: d.name == new)
        numbers = [{"company_id": d.company_id.id} for d in unnumbered]
        self._assign_numbers(numbers, "aftersales.dealer.claim")
        for dealer_claim, vals in zip(unnumbered, numbers, strict=True):
            dealer_claim.sudo().name = vals["name"]
        return dealer_claims

    def write(self, vals):
        if not self.env.su:
            self._check_client_values(vals)
        result = super().write(vals)
        if {"claim_id", "partner_id"} & set(vals):
            self._check_dealer_of_claim()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_reviewed(self):
        for dealer_claim in self:
            if dealer_claim.state not in ("draft", "rejected"):
                raise UserError(
                    self.env._(
                        "Dealer claim %(claim)s is %(state)s: it cannot be deleted.",
                        claim=dealer_claim.name,
                        state=dealer_claim._state_label(),
                    )
                )

    def _get_step_states(self):
        return {
            **super()._get_step_states(),
            "submit": ("draft",),
            "approve": ("submitted",),
            "reject": ("submitted",),
            "reset": ("rejected",),
            "reset_draft": ("submitted",),
        }

    def action_submit(self):
        self._check_step("submit", self.env._("submit"))
        self.check_access("write")
        self._refresh_from_data(strict=True)
        for dealer_claim in self:
            if not (dealer_claim.operation_line_ids or dealer_claim.part_line_ids):
                raise UserError(
                    self.env._(
                        "Describe the work of %(claim)s: labour or parts.",
                        claim=dealer_claim.name,
                    )
                )
        self._check_billed_once(CLAIMED_STATES)
        self.sudo().write({"state": "submitted"})
        return True

    def action_approve(self):
        """Approve the reimbursement: a vendor bill to the dealer. A claim
        outside the contract needs a manager; its flags and amounts are
        computed again from the data of the moment."""
        self._check_step("approve", self.env._("approve"))
        self.check_access("write")
        self._refresh_from_data(strict=False)
        self._check_billed_once(PAID_STATES)
        flagged = self.sudo().filtered("is_flagged")
        if flagged and not self._is_manager():
            raise UserError(
                self.env._(
                    "%(claim)s is outside the dealer's contract: only an "
                    "after-sales administrator can approve it.",
                    claim=flagged[0].name,
                )
            )
        dealer_claims = self.sudo()
        bills = dealer_claims._create_bills()
        for dealer_claim, bill in zip(dealer_claims, bills, strict=True):
            dealer_claim.write({"bill_id": bill.id, "state": "approved"})
        return True

    def action_reject(self):
        self._check_step("reject", self.env._("reject"))
        self.check_access("write")
        reason = self.env.context.get("rejection_reason")
        self.sudo().write(
            {
                "state": "rejected",
                "rejection_reason": reason
                or self.env._("Rejected by the manufacturer"),
            }
        )
        return True

    def action_reset(self):
        self._check_step("reset", self.env._("reset"))
        self.check_access("write")
        self.sudo().write({"state": "draft", "rejection_reason": False})
        return True

    def action_reset_draft(self):
        """Send a submitted claim back to the dealer's draft, to be corrected:
        a manager's decision."""
        self._check_step("reset_draft", self.env._("reset"))
        self.check_access("write")
        if not self._is_manager():
            raise AccessError(
                self.env._(
                    "Only an after-sales administrator can send the submitted "
                    "dealer claim %(claim)s back to draft.",
                    claim=self[:1].name,
                )
            )
        self.sudo().write({"state": "draft"})
        return True

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _work_claimed_elsewhere(self, states):
        """For each of these dealer claims, the labour operations and parts
        that another dealer claim in ``states`` claims for the same customer
        claim: {dealer claim: [(other dealer claim, work label)]}."""
        others = self.sudo().search(
            [
                ("claim_id", "in", self.claim_id.ids),
                ("state", "in", states),
            ],
            order="id",
        )
        result = {}
        for dealer_claim in self:
            own_id = dealer_claim._origin.id
            operations = set(dealer_claim.operation_line_ids.operation_id.ids)
            products = set(dealer_claim.part_line_ids.product_id.ids)
            found = []
            for other in others:
                if other.id == own_id or other.claim_id != dealer_claim.claim_id:
                    continue
                for line in other.operation_line_ids:
                    if line.operation_id.id in operations:
                        found.append((other, line.operation_id.display_name))
                for line in other.part_line_ids:
                    if line.product_id.id in products:
                        found.append((other, line.product_id.display_name))
            if found:
                result[dealer_claim] = found
        return result

    def _check_billed_once(self, states):
        """A piece of work is billed once: refuse a dealer claim whose labour
        or parts another dealer claim in ``states`` already claims for the
        same customer claim, unless the dealer gives the reason of a second
        visit (then it is flagged: a manager decides)."""
        claimed = self._work_claimed_elsewhere(states)
        for dealer_claim in self:
            found = claimed.get(dealer_claim)
            if not found or dealer_claim._second_visit_given():
                continue
            raise UserError(
                self.env._(
                    "%(work)s of customer claim %(claim)s is already claimed in "
                    "dealer claim %(earlier)s: a piece of work is reimbursed once. "
                    "If you came back for a second visit, give its reason.",
                    work=", ".join(dict.fromkeys(label for _other, label in found)),
                    claim=dealer_claim.claim_id.sudo().name,
                    earlier=", ".join(
                        dict.fromkeys(other.name for other, _label in found)
                    ),
                )
            )

    @api.model
    def _check_values_billed_once(self, vals):
        """The billed-once check of a submission, on its values: before the
        dealer claim (and its number) exists."""
        self.new(vals)._check_billed_once(CLAIMED_STATES)

    def _second_visit_given(self):
        self.ensure_one()
        return bool((self.second_visit_reason or "").strip())

    def _is_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER)

    def _state_label(self):
        self.ensure_one()
        states = dict(self._fields["state"]._description_selection(self.env))
        return states[self.state].lower()

    @api.model
    def _chatter_fields(self):
        """What a locked claim still accepts: its messages, followers and
        activities."""
        return set(self.env["mail.thread"]._fields) | set(
            self.env["mail.activity.mixin"]._fields
        )

    def _refuse_server_fields(self, names, dealer_claim_name):
        labels = ", ".join(
            self._fields[name]._description_string(self.env) for name in sorted(names)
        )
        raise UserError(
            self.env._(
                "%(fields)s of dealer claim %(claim)s are computed by the server: "
                "they cannot be written.",
                fields=labels,
                claim=dealer_claim_name,
            )
        )

    @api.model
    def _check_client_new_values(self, vals):
        """Refuse what a client (form, RPC) may not set on a new claim."""
        name = vals.get("name") or self.env._("New")
        forbidden = SERVER_FIELDS & set(vals)
        if vals.get("state", "draft") == "draft":
            forbidden -= {"state"}
        if name == self.env._("New"):
            forbidden -= {"name"}
        if forbidden:
            self._refuse_server_fields(forbidden, name)
        if vals.get("contract_id"):
            claim = self.env["aftersales.claim"].browse(vals.get("claim_id"))
            partner = (
                self.env["res.partner"].browse(vals["partner_id"])
                if vals.get("partner_id")
                else claim.sudo().dealer_id
            )
            company = self.env["res.company"].browse(
                vals.get("company_id") or self.env.company.id
            )
            self._check_contract_given(vals["contract_id"], partner, company, name)

    def _check_client_values(self, vals):
        """Refuse what a client (form, RPC) may not change on these claims:
        the server's fields, another contract than the dealer's active one,
        what was claimed once submitted, anything once approved."""
        for dealer_claim in self:
            forbidden = SERVER_FIELDS & set(vals)
            if forbidden:
                self._refuse_server_fields(forbidden, dealer_claim.name)
            if dealer_claim.state in LOCKED_STATES and (
                set(vals) - self._chatter_fields()
            ):
                raise UserError(
                    self.env._(
                        "Dealer claim %(claim)s is %(state)s: it cannot change.",
                        claim=dealer_claim.name,
                        state=dealer_claim._state_label(),
                    )
                )
            if dealer_claim.state != "draft" and SUBMITTED_FIELDS & set(vals):
                dealer_claim._refuse_submitted_change()
            if vals.get("contract_id"):
                if "partner_id" in vals:
                    partner = self.env["res.partner"].browse(vals["partner_id"])
                elif "claim_id" in vals:
                    partner = (
                        self.env["aftersales.claim"]
                        .browse(vals["claim_id"])
                        .sudo()
                        .dealer_id
                    )
                else:
                    partner = dealer_claim.partner_id
                company = (
                    self.env["res.company"].browse(vals["company_id"])
                    if vals.get("company_id")
                    else dealer_claim.company_id
                )
                self._check_contract_given(
                    vals["contract_id"], partner, company, dealer_claim.name
                )

    def _refuse_submitted_change(self):
        self.ensure_one()
        raise UserError(
            self.env._(
                "Dealer claim %(claim)s is %(state)s: its customer claim, dealer, "
                "contract, labour and parts cannot change (an after-sales "
                "administrator can send a submitted claim back to draft).",
                claim=self.name,
                state=self._state_label(),
            )
        )

    @api.model
    def _check_contract_given(self, contract_id, partner, company, claim_name):
        """A client may only name the dealer's active contract."""
        contracts = self.env["aftersales.dealer.contract"].sudo()
        active = contracts._active_for(partner, company)
        if not active or active.id != contract_id:
            raise UserError(
                self.env._(
                    "%(contract)s is not the active contract of %(dealer)s: dealer "
                    "claim %(claim)s is reimbursed under the dealer's active "
                    "contract only.",
                    contract=contracts.browse(contract_id).exists().display_name
                    or str(contract_id),
                    dealer=partner.display_name or self.env._("no dealer"),
                    claim=claim_name,
                )
            )

    def _check_lines_editable(self):
        """Labour and parts change only while the claim is a draft."""
        for dealer_claim in self.sudo():
            if dealer_claim.state != "draft":
                dealer_claim._refuse_submitted_change()

    def _contract_in_force(self, strict):
        """The contract the claim is reimbursed under: the dealer's active
        contract (``strict``, at submission: not past its end date). At
        approval, a contract that has ended since still counts for the work
        done while it was in force."""
        self.ensure_one()
        contracts = self.env["aftersales.dealer.contract"].sudo()
        dealer = self.partner_id.commercial_partner_id
        contract = contracts._active_for(self.partner_id, self.company_id)
        today = fields.Date.context_today(self)
        if contract and strict and contract.date_end and contract.date_end < today:
            contract = contracts
        if not contract and not strict:
            current = self.sudo().contract_id
            if (
                current.partner_id == dealer
                and current.company_id == self.company_id
                and current.state in ("expired", "terminated")
                and current.date_start <= self.date
                and (not current.date_end or self.date <= current.date_end)
            ):
                contract = current
        return contract

    def _refresh_from_data(self, strict):
        """Take the contract, the amounts and the flags again from the data
        of the moment, whatever was stored or written before."""
        dealer_claims = self.sudo()
        for dealer_claim in dealer_claims:
            contract = dealer_claim._contract_in_force(strict)
            if not contract:
                if strict:
                    message = self.env._(
                        "%(dealer)s has no active service contract: dealer claim "
                        "%(claim)s cannot be submitted.",
                        dealer=dealer_claim.partner_id.display_name,
                        claim=dealer_claim.name,
                    )
                else:
                    message = self.env._(
                        "%(dealer)s has no service contract in force: dealer "
                        "claim %(claim)s cannot be approved.",
                        dealer=dealer_claim.partner_id.display_name,
                        claim=dealer_claim.name,
                    )
                raise UserError(message)
            if dealer_claim.contract_id != contract:
                dealer_claim.contract_id = contract
        env = dealer_claims.env
        operation_lines = dealer_claims.operation_line_ids
        part_lines = dealer_claims.part_line_ids
        env.add_to_compute(operation_lines._fields["amount"], operation_lines)
        env.add_to_compute(part_lines._fields["amount"], part_lines)
        operation_lines._recompute_recordset(["amount"])
        part_lines._recompute_recordset(["amount"])
        for name in (*AMOUNT_FIELDS, *FLAG_FIELDS):
            env.add_to_compute(self._fields[name], dealer_claims)
        dealer_claims._recompute_recordset([*AMOUNT_FIELDS, *FLAG_FIELDS])
        dealer_claims.flush_recordset()

    def _check_dealer_of_claim(self):
        for dealer_claim in self:
            if dealer_claim.claim_id.dealer_id != dealer_claim.partner_id:
                raise UserError(
                    self.env._(
                        "Claim %(claim)s is handled by %(handler)s, not by %(dealer)s.",
                        claim=dealer_claim.claim_id.name,
                        handler=dealer_claim.claim_id.dealer_id.display_name
                        or self.env._("no dealer"),
                        dealer=dealer_claim.partner_id.display_name,
                    )
                )

    def _create_bills(self):
        """The dealers' bills of the claims, in one batch and in their
        order."""
        return (
            self.env["account.move"]
            .sudo()
            .create([dealer_claim._prepare_bill_vals() for dealer_claim in self])
        )

    def _prepare_bill_vals(self):
        """The values of the dealer's bill: labour and parts at the amounts
        computed from the contract."""
        self.ensure_one()
        lines = [
            Command.create(
                {
                    "name": line.operation_id.display_name,
                    "quantity": line.hours,
                    "price_unit": line.amount / line.hours if line.hours else 0.0,
                }
            )
            for line in self.operation_line_ids
        ] + [
            Command.create(
                {
                    "product_id": line.product_id.id,
                    "name": line.product_id.display_name
                    + (f" ({line.serial})" if line.serial else ""),
                    "quantity": line.quantity,
                    "price_unit": line.amount / line.quantity if line.quantity else 0.0,
                }
            )
            for line in self.part_line_ids
        ]
        return {
            "move_type": "in_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self.name,
            "aftersales_claim_id": self.claim_id.id,
            "invoice_line_ids": lines,
        }


def _check_line_client_values(lines, dealer_claims, vals_list):
    """Refuse what a client (form, RPC) may not write on labour or part
    lines: their amount (computed), any change once the claim is
    submitted."""
    for vals in vals_list:
        if "amount" in vals:
            raise UserError(
                lines.env._(
                    "The amounts of dealer claim %(claim)s are computed from its "
                    "contract: they cannot be written.",
                    claim=", ".join(dealer_claims.sudo().mapped("name"))
                    or lines.env._("New"),
                )
            )
    dealer_claims._check_lines_editable()


class AftersalesDealerClaimLine(models.AbstractModel):
    """What the labour and part lines of a dealer claim share: clients
    cannot write their computed amounts, nor change them once the claim is
    submitted."""

    _name = "aftersales.dealer.claim.line"
    _description = "Dealer Claim Line"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            _check_line_client_values(
                self,
                self.env["aftersales.dealer.claim"].browse(
                    list({v.get("dealer_claim_id") for v in vals_list} - {None, False})
                ),
                vals_list,
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            dealer_claims = self.dealer_claim_id
            if vals.get("dealer_claim_id"):
                dealer_claims |= dealer_claims.browse(vals["dealer_claim_id"])
            _check_line_client_values(self, dealer_claims, [vals])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if not self.env.su:
            self.dealer_claim_id._check_lines_editable()


class AftersalesDealerClaimOperation(models.Model):
    _name = "aftersales.dealer.claim.operation"
    _description = "Dealer Claim Labour"
    _inherit = ["aftersales.dealer.claim.line"]
    _order = "dealer_claim_id, id"

    dealer_claim_id = fields.Many2one(
        comodel_name="aftersales.dealer.claim",
        required=True,
        index=True,
        ondelete="cascade",
    )
    operation_id = fields.Many2one(
        comodel_name="aftersales.labour.operation", required=True
    )
    hours = fields.Float(
        compute="_compute_hours",
        store=True,
        readonly=False,
        help="Paid time: the contract's flat rate for the operation.",
    )
    currency_id = fields.Many2one(related="dealer_claim_id.currency_id")
    amount = fields.Monetary(compute="_compute_amount", store=True)

    _sql_constraints = [
        ("hours_positive", "CHECK(hours >= 0)", "Labour hours cannot be negative."),
    ]

    @api.depends("operation_id", "dealer_claim_id.contract_id")
    def _compute_hours(self):
        for line in self:
            contract = line.dealer_claim_id.contract_id
            line.hours = (
                contract._operation_hours(line.operation_id)
                if contract
                else line.operation_id.hours
            )

    @api.depends("hours", "dealer_claim_id.contract_id.labour_rate")
    def _compute_amount(self):
        for line in self:
            line.amount = line.hours * line.dealer_claim_id.contract_id.labour_rate


class AftersalesDealerClaimPart(models.Model):
    _name = "aftersales.dealer.claim.part"
    _description = "Dealer Claim Part"
    _inherit = ["aftersales.dealer.claim.line"]
    _order = "dealer_claim_id, id"

    dealer_claim_id = fields.Many2one(
        comodel_name="aftersales.dealer.claim",
        required=True,
        index=True,
        ondelete="cascade",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Part",
        required=True,
        domain="[('type', '=', 'consu')]",
    )
    serial = fields.Char(string="Serial Number")
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    currency_id = fields.Many2one(related="dealer_claim_id.currency_id")
    amount = fields.Monetary(compute="_compute_amount", store=True)

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "A part quantity must be positive.",
        ),
    ]

    @api.depends(
        "product_id",
        "quantity",
        "dealer_claim_id.contract_id.parts_mode",
        "dealer_claim_id.contract_id.parts_markup",
        "dealer_claim_id.contract_id.pricelist_id",
    )
    def _compute_amount(self):
        for line in self:
            contract = line.dealer_claim_id.contract_id
            line.amount = (
                contract._part_price(line.product_id, line.quantity)
                if contract and line.product_id
                else 0.0
            )
