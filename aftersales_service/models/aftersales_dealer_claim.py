# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


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
    flag_not_covered = fields.Boolean(
        string="Product Not Covered", compute="_compute_flags", store=True
    )
    flag_type_not_allowed = fields.Boolean(
        string="Claim Type Not Allowed", compute="_compute_flags", store=True
    )
    flag_warranty_expired = fields.Boolean(
        string="Out of Warranty", compute="_compute_flags", store=True
    )
    flag_duplicate = fields.Boolean(
        string="Duplicate", compute="_compute_flags", store=True
    )
    is_flagged = fields.Boolean(
        string="Outside the Contract",
        compute="_compute_flags",
        store=True,
        index=True,
        help="Something is outside the contract: only a manager can approve.",
    )
    rejection_reason = fields.Char(readonly=True, tracking=True, copy=False)
    bill_id = fields.Many2one(
        comodel_name="account.move",
        string="Vendor Bill",
        readonly=True,
        copy=False,
        check_company=True,
    )
    note = fields.Html()

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
        "contract_id", "claim_id.product_id", "claim_id.claim_type", "claim_id.coverage"
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
        for dealer_claim in self:
            contract, claim = dealer_claim.contract_id, dealer_claim.claim_id
            dealer_claim.flag_not_covered = bool(
                not contract or not contract._covers(claim.product_id)
            )
            dealer_claim.flag_type_not_allowed = bool(
                contract and not contract._allows(claim.claim_type)
            )
            dealer_claim.flag_warranty_expired = claim.coverage != "in_warranty"
            first = earlier.get(claim.id)
            own_id = dealer_claim._origin.id or dealer_claim.id
            dealer_claim.flag_duplicate = bool(
                first and (not isinstance(own_id, int) or first < own_id)
            )
            dealer_claim.is_flagged = any(
                (
                    dealer_claim.flag_not_covered,
                    dealer_claim.flag_type_not_allowed,
                    dealer_claim.flag_warranty_expired,
                    dealer_claim.flag_duplicate,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._assign_numbers(vals_list, "aftersales.dealer.claim")
        dealer_claims = super().create(vals_list)
        dealer_claims._check_dealer_of_claim()
        return dealer_claims

    def write(self, vals):
        result = super().write(vals)
        if {"claim_id", "partner_id"} & set(vals):
            self._check_dealer_of_claim()
        return result

    def action_submit(self):
        self._check_state(("draft",), self.env._("submit"))
        today = fields.Date.context_today(self)
        for dealer_claim in self:
            contract = dealer_claim.contract_id
            if (
                not contract
                or contract.state != "active"
                or (contract.date_end and contract.date_end < today)
            ):
                raise UserError(
                    self.env._(
                        "%(dealer)s has no active service contract: dealer claim "
                        "%(claim)s cannot be submitted.",
                        dealer=dealer_claim.partner_id.display_name,
                        claim=dealer_claim.name,
                    )
                )
            if not (dealer_claim.operation_line_ids or dealer_claim.part_line_ids):
                raise UserError(
                    self.env._(
                        "Describe the work of %(claim)s: labour or parts.",
                        claim=dealer_claim.name,
                    )
                )
        self.write({"state": "submitted"})
        return True

    def action_approve(self):
        """Approve the reimbursement: a vendor bill to the dealer. A claim
        outside the contract needs a manager."""
        self._check_state(("submitted",), self.env._("approve"))
        if self.filtered("is_flagged") and not self.env.user.has_group(
            "aftersales_service.group_aftersales_manager"
        ):
            raise UserError(
                self.env._(
                    "%(claim)s is outside the dealer's contract: only an "
                    "after-sales administrator can approve it.",
                    claim=self.filtered("is_flagged")[0].name,
                )
            )
        for dealer_claim in self:
            dealer_claim.bill_id = dealer_claim._create_bill()
        self.write({"state": "approved"})
        return True

    def action_reject(self):
        self._check_state(("submitted",), self.env._("reject"))
        reason = self.env.context.get("rejection_reason")
        self.write(
            {
                "state": "rejected",
                "rejection_reason": reason
                or self.env._("Rejected by the manufacturer"),
            }
        )
        return True

    def action_reset(self):
        self._check_state(("rejected",), self.env._("reset"))
        self.write({"state": "draft", "rejection_reason": False})
        return True

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

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

    def _create_bill(self):
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
        return (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "invoice_date": fields.Date.context_today(self),
                    "ref": self.name,
                    "aftersales_claim_id": self.claim_id.id,
                    "invoice_line_ids": lines,
                }
            )
        )


class AftersalesDealerClaimOperation(models.Model):
    _name = "aftersales.dealer.claim.operation"
    _description = "Dealer Claim Labour"
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
