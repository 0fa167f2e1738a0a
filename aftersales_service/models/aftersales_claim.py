# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .aftersales_warranty import COVERAGES

OPEN_STATES = ("new", "received", "diagnosis", "in_repair", "ready")
# Set by the claim's own steps and computes, never by a client (form, RPC,
# import): they decide coverage, deadlines and money.
WORKFLOW_FIELDS = frozenset(
    {
        "state",
        "resolution",
        "rejection_reason",
        "date_received",
        "date_returned",
        "date_closed",
        "coverage",
        "date_deadline",
        "date_loaner_due",
        "needs_attention",
        "parts_waiting",
        "supplier_recovered_amount",
    }
)
# Any of these names the unit; the server finds the others from it.
UNIT_FIELDS = ("warranty_id", "lot_id", "serial")
# What a claim's owner checks depend on.
OWNER_FIELDS = frozenset({*UNIT_FIELDS, "product_id", "partner_id"})
# Staff-only fields, kept from portal users (customers and dealers) even over
# RPC: prices, recoveries, internal flags.
STAFF = "base.group_user"


class AftersalesClaim(models.Model):
    _name = "aftersales.claim"
    _description = "Warranty Claim"
    # rating.mixin brings mail.thread.
    _inherit = [
        "portal.mixin",
        "rating.mixin",
        "mail.activity.mixin",
        "aftersales.workflow.mixin",
    ]
    _order = "priority desc, date_deadline, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        copy=False,
        readonly=True,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        compute="_compute_from_warranty",
        store=True,
        readonly=False,
        precompute=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self._default_user_id(),
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        help="The staff member who handles the claim and signs its documents. "
        "Claims opened by customers or created automatically get the "
        "company's claims responsible.",
    )
    priority = fields.Selection(
        selection=[("0", "Normal"), ("1", "Urgent")],
        default="0",
        index=True,
    )
    serial = fields.Char(
        string="Serial Number",
        index="btree_not_null",
        tracking=True,
        help="Serial number of the unit, as the customer gives it: it finds "
        "the unit, its warranty and its customer.",
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Lot/Serial",
        compute="_compute_from_serial",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The unit: found from the serial number or the warranty, or given "
        "directly (it then fills in the serial number and the warranty).",
    )
    warranty_id = fields.Many2one(
        comodel_name="aftersales.warranty",
        compute="_compute_from_serial",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        check_company=True,
        help="The unit's warranty in force on the claim date, found by the "
        "server from the unit.",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        index=True,
        compute="_compute_from_warranty",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    coverage = fields.Selection(
        selection=COVERAGES,
        compute="_compute_coverage",
        store=True,
        index=True,
        tracking=True,
        help="The unit's warranty on the day of the claim.",
    )
    claim_type = fields.Selection(
        selection=[
            ("repair", "Repair"),
            ("replacement", "Replacement"),
            ("refund", "Refund"),
            ("price_reduction", "Price Reduction"),
            ("installation", "Installation"),
            ("consultation", "Consultation"),
        ],
        string="Type",
        required=True,
        default="repair",
        tracking=True,
    )
    symptom = fields.Text(help="The defect as the customer describes it.")
    failure_code_ids = fields.Many2many(
        comodel_name="aftersales.failure.code",
        string="Failure Codes",
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
    )
    dealer_id = fields.Many2one(
        comodel_name="res.partner",
        string="Service Point",
        index="btree_not_null",
        domain="[('aftersales_dealer_contract_ids.point_published', '=', True), "
        "('aftersales_dealer_contract_ids.state', '=', 'active')]",
        help="The dealer or service point that handles the unit: one of the "
        "published service points.",
    )
    state = fields.Selection(
        selection=[
            ("new", "New"),
            ("received", "Received"),
            ("diagnosis", "Diagnosis"),
            ("in_repair", "In Repair"),
            ("ready", "Ready"),
            ("done", "Done"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
        help="- New: registered, the item is still with the customer.\n"
        "- Received: the item is in the workshop; the legal deadline runs.\n"
        "- Diagnosis: the defect is being checked.\n"
        "- In Repair: a repair order is open.\n"
        "- Ready: repaired, waiting to go back to the customer.\n"
        "- Done: resolved (repaired, replaced, refunded).\n"
        "- Rejected: refused with a reasoned answer.\n"
        "- Cancelled: withdrawn or registered by mistake.",
    )
    resolution = fields.Selection(
        selection=[
            ("repaired", "Repaired"),
            ("replaced", "Replaced"),
            ("refunded", "Refunded"),
            ("price_reduced", "Price Reduced"),
            ("rejected", "Rejected"),
        ],
        copy=False,
        readonly=True,
        tracking=True,
    )
    rejection_reason = fields.Char(copy=False, readonly=True, tracking=True)
    answer = fields.Html(
        copy=False,
        help="The written answer to the customer (rejection or decision).",
    )
    date_claim = fields.Date(
        string="Claim Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The day the customer made the claim.",
    )
    date_received = fields.Datetime(
        string="Received On", copy=False, readonly=True, tracking=True
    )
    date_returned = fields.Datetime(
        string="Returned On", copy=False, readonly=True, tracking=True
    )
    date_closed = fields.Datetime(string="Closed On", copy=False, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    picking_ids = fields.One2many(
        comodel_name="stock.picking",
        inverse_name="aftersales_claim_id",
        string="Transfers",
        groups=STAFF,
    )
    repair_ids = fields.One2many(
        comodel_name="repair.order",
        inverse_name="aftersales_claim_id",
        string="Repairs",
        groups=STAFF,
    )
    sale_order_ids = fields.One2many(
        comodel_name="sale.order",
        inverse_name="aftersales_claim_id",
        string="Quotations",
    )
    invoice_ids = fields.One2many(
        comodel_name="account.move",
        inverse_name="aftersales_claim_id",
        string="Credit Notes",
    )
    picking_count = fields.Integer(compute="_compute_document_counts")
    repair_count = fields.Integer(compute="_compute_document_counts")
    sale_order_count = fields.Integer(compute="_compute_document_counts")
    invoice_count = fields.Integer(compute="_compute_document_counts")
    # Which steps the form offers: the rule of each step's action.
    can_receive = fields.Boolean(compute="_compute_can_steps")
    can_start_diagnosis = fields.Boolean(compute="_compute_can_steps")
    can_create_repair = fields.Boolean(compute="_compute_can_steps")
    can_ready = fields.Boolean(compute="_compute_can_steps")
    can_return = fields.Boolean(compute="_compute_can_steps")
    can_reject = fields.Boolean(compute="_compute_can_steps")
    can_done = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")
    can_reset = fields.Boolean(compute="_compute_can_steps")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "Claim numbers are unique."),
        (
            "refund_amount_positive",
            "CHECK(refund_amount IS NULL OR refund_amount >= 0)",
            "A refund cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("serial")
    def _compute_from_serial(self):
        """The unit and its warranty, found from the typed serial number (in
        the form; create and write check them with _prepare_unit_vals). The
        product is not read here: it follows from the warranty. A serial of
        several products is left to the save, which asks for the product."""
        for claim in self:
            if not claim.serial or claim.date_received:
                continue
            serial = claim.serial.strip()
            company = claim.company_id or self.env.company
            try:
                lot = claim._find_lot(serial, None, company)
                layers = claim._unit_layers(lot, serial, lot.product_id, company)
            except UserError:
                continue
            claim.lot_id = lot
            claim.warranty_id = layers._in_force(
                claim.date_claim or fields.Date.context_today(self)
            )

    @api.depends("warranty_id", "lot_id")
    def _compute_from_warranty(self):
        for claim in self:
            claim.product_id = (
                claim.warranty_id.product_id
                or claim.lot_id.product_id
                or claim.product_id
            )
            claim.partner_id = claim.warranty_id.partner_id or claim.partner_id

    @api.depends("warranty_id.state", "warranty_id.date_end", "date_claim")
    def _compute_coverage(self):
        for claim in self:
            claim.coverage = claim.warranty_id._coverage_on(claim.date_claim)

    @api.depends("loan_ids", "supplier_claim_ids", "dealer_claim_ids")
    def _compute_claim_record_counts(self):
        """The loans, supplier claims and dealer claims of each claim, one
        query per model (counting is no secret: no access right is needed)."""
        for field, model in (
            ("loan_count", "aftersales.loan"),
            ("supplier_claim_count", "aftersales.supplier.claim"),
            ("dealer_claim_count", "aftersales.dealer.claim"),
        ):
            counts = dict(
                self.env[model]
                .sudo()
                ._read_group(
                    [("claim_id", "in", self.ids)],
                    groupby=["claim_id"],
                    aggregates=["__count"],
                )
            )
            for claim in self:
                claim[field] = counts.get(claim, 0)

    @api.depends("picking_ids", "repair_ids", "sale_order_ids", "invoice_ids")
    def _compute_document_counts(self):
        # Counting is no secret: users without sales or accounting rights see
        # how many quotations and credit notes a claim has.
        for claim in self.sudo():
            claim.picking_count = len(claim.picking_ids)
            claim.repair_count = len(claim.repair_ids)
            claim.sale_order_count = len(claim.sale_order_ids)
            claim.invoice_count = len(claim.invoice_ids)

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------

    @api.constrains("user_id")
    def _check_user_is_staff(self):
        # The responsible signs the claim's documents: a person of the staff.
        for claim in self.filtered(
            lambda c: c.user_id.share or c.user_id._is_superuser()
        ):
            raise ValidationError(
                self.env._(
                    "Claim %(claim)s: %(user)s is not a staff member and cannot be "
                    "its responsible.",
                    claim=claim.name,
                    user=claim.user_id.display_name,
                )
            )

    @api.constrains("date_claim", "loaner_requested", "date_loaner_requested")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for claim in self:
            if claim.date_claim > today:
                raise ValidationError(
                    self.env._(
                        "Claim %(claim)s: a claim cannot be dated in the future "
                        "(%(date)s).",
                        claim=claim.name,
                        date=claim.date_claim,
                    )
                )
            if claim.loaner_requested and not claim.date_loaner_requested:
                raise ValidationError(
                    self.env._(
                        "Claim %(claim)s: give the day the customer asked for a "
                        "loaner.",
                        claim=claim.name,
                    )
                )
            if (
                claim.date_loaner_requested
                and claim.date_loaner_requested < claim.date_claim
            ):
                raise ValidationError(
                    self.env._(
                        "Claim %(claim)s: the loaner cannot be asked for before "
                        "the claim was made.",
                        claim=claim.name,
                    )
                )
        # Nor moved past the day of a loan it already gave (the loan's rule,
        # seen from the claim).
        self.sudo().loan_ids.filtered(
            lambda loan: loan.state != "cancelled"
        )._check_claim_dates()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Asking for a loaner is asking today, unless a day is given.
            if vals.get("loaner_requested") and not vals.get("date_loaner_requested"):
                vals["date_loaner_requested"] = fields.Date.context_today(self)
        if not self.env.su:
            self._check_workflow_fields(vals_list)
            # Nor through the context's defaults, which RPC clients write: a
            # new context without them (with_context(**kw) could not drop keys).
            self = self.with_context(  # pylint: disable=context-overridden
                {
                    key: value
                    for key, value in self.env.context.items()
                    if key.removeprefix("default_") not in WORKFLOW_FIELDS
                }
            )
        for vals in vals_list:
            self._prepare_unit_vals(vals)
            if (
                vals.get("user_id")
                and self.env["res.users"].browse(vals["user_id"])._is_superuser()
            ):
                del vals["user_id"]  # the company's claims responsible instead
        self._assign_numbers(vals_list, "aftersales.claim")
        claims = super().create(vals_list)
        claims._assign_staff_responsible()
        claims._check_serial_known()
        claims._escalate_repeated_claims()
        claims._notify_customer("received")
        return claims

    def write(self, vals):
        if vals.get("loaner_requested") and "date_loaner_requested" not in vals:
            # Asked today, unless the claim already knows the day.
            for claim in self.filtered(lambda c: not c.date_loaner_requested):
                super(AftersalesClaim, claim).write(
                    {"date_loaner_requested": fields.Date.context_today(self)}
                )
        if not self.env.su:
            self._check_workflow_fields([vals])
        if {*UNIT_FIELDS, "product_id"} & set(vals) and any(
            claim.date_received for claim in self
        ):
            raise UserError(
                self.env._(
                    "The unit of a received claim cannot change: the item in the "
                    "workshop is that unit. Cancel the claim and open a new one."
                )
            )
        followed = {claim: claim.partner_id | claim.dealer_id for claim in self}
        if {*UNIT_FIELDS, "date_claim"} & set(vals):
            # Each claim finds its own unit and layer (company, date).
            for claim in self:
                super(AftersalesClaim, claim).write(
                    claim._prepare_unit_vals(dict(vals))
                )
            result = True
        else:
            result = super().write(vals)
        if OWNER_FIELDS & set(vals):
            self._check_serial_known()
        if {"partner_id", "dealer_id"} & set(vals):
            self._follow_new_parties(followed)
        if {"state", "date_loaner_requested"} & set(vals):
            self._schedule_deadline_activities()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_received(self):
        if any(claim.date_received for claim in self):
            raise UserError(
                self.env._(
                    "A received claim is part of the after-sales record: cancel it "
                    "instead of deleting it."
                )
            )

    def _check_serial_known(self):
        """Refuse claims on void warranties and on other customers' units
        (managers may override: the chatter keeps a note). Units never sold
        nor registered are refused before the claim is written."""
        is_manager = self.env.user.has_group(
            "aftersales_service.group_aftersales_manager"
        )
        for claim in self.filtered("warranty_id"):
            problems = []
            if claim.warranty_id.state == "void":
                problems.append(
                    self.env._(
                        "the warranty of %(serial)s is void (%(reason)s)",
                        serial=claim.serial,
                        reason=claim.warranty_id.void_reason or "-",
                    )
                )
            owner = claim.warranty_id.partner_id.commercial_partner_id
            if owner != claim.partner_id.commercial_partner_id:
                problems.append(
                    self.env._(
                        "%(serial)s belongs to %(owner)s, not to %(customer)s",
                        serial=claim.serial,
                        owner=owner.display_name,
                        customer=claim.partner_id.display_name,
                    )
                )
            if not problems:
                continue
            if not is_manager:
                raise UserError(
                    self.env._(
                        "This claim needs an after-sales manager: %(problems)s.",
                        problems="; ".join(problems),
                    )
                )
            claim.message_post(
                body=self.env._(
                    "Opened by a manager although %(problems)s.",
                    problems="; ".join(problems),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_receive(self):
        """The item arrived: a receipt from the customer into the repair
        location, validated; the legal deadline starts."""
        self._check_step("receive", self.env._("receive the item"))
        self._create_legs("receipt")._aftersales_validate()
        self._write_workflow(
            {"state": "received", "date_received": fields.Datetime.now()}
        )
        self._notify_customer("item_received")
        return True

    def action_start_diagnosis(self):
        self._check_step("start_diagnosis", self.env._("start the diagnosis"))
        self._write_workflow({"state": "diagnosis"})
        return True

    def action_create_repair(self):
        """A repair order for the unit: free under warranty, else a paid
        repair whose quotation the customer accepts."""
        self._check_step("create_repair", self.env._("create a repair"))
        repairs = (
            self.env["repair.order"]
            .sudo()
            .create([claim._prepare_repair_vals() for claim in self])
        )
        self._write_workflow({"state": "in_repair"})
        if len(repairs) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "repair.order",
                "res_id": repairs.id,
                "view_mode": "form",
            }
        return True

    def action_ready(self):
        self._check_step("ready", self.env._("mark the item ready"))
        for claim in self:
            if claim.repair_ids.filtered(lambda r: r.state not in ("done", "cancel")):
                raise UserError(
                    self.env._(
                        "Finish or cancel the repairs of %(claim)s first.",
                        claim=claim.name,
                    )
                )
        self._write_workflow({"state": "ready"})
        self._notify_customer("ready")
        return True

    def action_return(self):
        """Send the item back: a delivery to the customer, validated; the
        warranty grows by what the law gives for the repair; the claim is
        done."""
        self._check_step("return", self.env._("return the item"))
        self._check_loans_back()
        now = fields.Datetime.now()
        self._create_legs("return")._aftersales_validate()
        self._write_workflow({"date_returned": now})
        for claim in self.filtered(lambda c: c.state == "ready"):
            claim._extend_warranty()
        self.filtered(lambda c: c.state == "ready")._write_workflow(
            {"resolution": "repaired"}
        )
        return self.action_done()

    def action_done(self):
        """Close the claim; all its documents must be finished."""
        self._check_step("done", self.env._("close"))
        for claim in self:
            claim._check_documents_finished()
        self._write_workflow({"state": "done", "date_closed": fields.Datetime.now()})
        self._notify_customer("done")
        self._request_rating()
        return True

    def action_cancel(self):
        self._check_step("cancel", self.env._("cancel"))
        self._check_loans_back()
        self._write_workflow(
            {"state": "cancelled", "date_closed": fields.Datetime.now()}
        )
        return True

    def action_reset(self):
        """Bring a cancelled claim back to work."""
        self._check_step("reset", self.env._("reopen"))
        for claim in self:
            claim._write_workflow(
                {
                    "state": "received" if claim.date_received else "new",
                    "date_closed": False,
                }
            )
        return True

    def action_open_reject(self):
        self._check_step("reject", self.env._("reject"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Claim"),
            "res_model": "aftersales.claim.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_ids": self.ids},
        }

    def action_view_documents(self):
        """The claim's documents named by the context's ``documents`` (kept
        for callers of before the stat buttons had their own action)."""
        self.ensure_one()
        return {
            "pickings": self.action_view_pickings,
            "repairs": self.action_view_repairs,
            "quotations": self.action_view_sale_orders,
            "invoices": self.action_view_invoices,
            "loans": self.action_view_loans,
            "supplier_claims": self.action_view_supplier_claims,
            "dealer_claims": self.action_view_dealer_claims,
        }[self.env.context["documents"]]()

    # Each stat button its action: only its documents are read (a user
    # without accounting rights opens the claim's transfers).

    def _documents_context(self):
        """The default context of the lists of the claim's documents."""
        return {"default_company_id": self.company_id.id}

    def action_view_pickings(self):
        """The claim's transfers."""
        self.ensure_one()
        return self._documents_action(
            self.picking_ids,
            self.name,
            "stock.action_picking_tree_all",
            {"contact_display": "partner_address", **self._documents_context()},
        )

    def action_view_repairs(self):
        """The claim's repair orders."""
        self.ensure_one()
        return self._documents_action(
            self.repair_ids,
            self.name,
            "repair.action_repair_order_tree",
            self._documents_context(),
        )

    def action_view_sale_orders(self):
        """The quotations of the claim's paid repairs."""
        self.ensure_one()
        return self._documents_action(
            self.sale_order_ids,
            self.name,
            "sale.action_quotations",
            self._documents_context(),
        )

    def action_view_invoices(self):
        """The claim's credit notes."""
        self.ensure_one()
        return self._documents_action(
            self.invoice_ids,
            self.name,
            "account.action_move_out_refund_type",
            {"default_move_type": "out_refund", **self._documents_context()},
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _get_step_states(self):
        return {
            **super()._get_step_states(),
            "receive": ("new",),
            "start_diagnosis": ("received",),
            "create_repair": ("received", "diagnosis"),
            "ready": ("in_repair",),
            "return": ("received", "diagnosis", "ready"),
            "reject": OPEN_STATES,
            "done": OPEN_STATES,
            "cancel": OPEN_STATES,
            "reset": ("cancelled",),
        }

    def _check_documents_finished(self):
        self.ensure_one()
        open_repairs = self.repair_ids.filtered(
            lambda r: r.state not in ("done", "cancel")
        )
        open_pickings = self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        self._check_loans_back()
        if open_repairs or open_pickings:
            raise UserError(
                self.env._(
                    "Claim %(claim)s still has open documents: %(documents)s.",
                    claim=self.name,
                    documents=", ".join(
                        open_repairs.mapped("name") + open_pickings.mapped("name")
                    ),
                )
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for claim in self:
            claim.access_url = f"/my/claims/{claim.id}"
        return result

    def _portal_steps(self):
        """The claim's way as the customer sees it: (label, reached, current)
        for each step up to its end. An open claim shows the steps still
        ahead; a closed one only the steps it went through (what its dates,
        repairs and resolution tell), then its end: a claim rejected on
        arrival never was in repair."""
        self.ensure_one()
        labels = dict(self._fields["state"]._description_selection(self.env))
        if self.state in OPEN_STATES:
            path = [*OPEN_STATES, "done"]
            reached = path.index(self.state)
            return [
                (labels[state], index <= reached, index == reached)
                for index, state in enumerate(path)
            ]
        went = {
            "new": True,
            "received": bool(self.date_received),
            "in_repair": bool(self.sudo().repair_ids),
            "ready": self.resolution == "repaired",
        }
        path = [state for state in OPEN_STATES if went.get(state)]
        return [(labels[state], True, False) for state in path] + [
            (labels[self.state], True, True)
        ]

    def _portal_documents(self):
        """(name, url) of the documents the customer may download; the
        reports addon adds its PDFs."""
        self.ensure_one()
        return []

    @api.model
    def _default_user_id(self):
        """The user who registers the claim, when staff; else (a customer on
        the portal, a cron) the company's claims responsible."""
        user = self.env.user
        if user.share or user._is_superuser():
            return self.env.company._aftersales_responsible()
        return user

    def _assign_staff_responsible(self):
        """Claims without a staff responsible (created by a customer, a cron
        or the superuser) get their company's claims responsible."""
        for claim in self.filtered(
            lambda c: not c.user_id or c.user_id.share or c.user_id._is_superuser()
        ):
            responsible = claim.company_id._aftersales_responsible()
            if responsible != claim.user_id:
                claim.sudo().user_id = responsible

    @api.model
    def _check_workflow_fields(self, vals_list):
        """Refuse values of the fields that the claim's steps set."""
        written = WORKFLOW_FIELDS & {key for vals in vals_list for key in vals}
        if written:
            raise AccessError(
                self.env._(
                    "Claim %(claim)s: %(fields)s follow from the claim's steps and "
                    "data; they cannot be written.",
                    claim=", ".join(self.mapped("name")) or self.env._("New"),
                    fields=", ".join(
                        sorted(self._fields[name].string for name in written)
                    ),
                )
            )

    def _write_workflow(self, vals):
        """Write what a step of these claims sets (state, dates, resolution),
        as the user may write these claims."""
        self.check_access("write")
        return self.sudo().write(vals)

    def _refuse_ambiguous_serial(self, serial, products):
        if len(products) > 1:
            raise UserError(
                self.env._(
                    "The serial number %(serial)s names units of %(products)s: "
                    "choose the product first.",
                    serial=serial,
                    products=", ".join(products.mapped("display_name")),
                )
            )

    @api.model
    def _find_lot(self, serial, product, company):
        """The unit with this serial number, of ``product`` when given, in
        ``company``: never another product's or company's lot."""
        lots = (
            self.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("name", "=", serial),
                    ("company_id", "in", [company.id, False]),
                    *([("product_id", "=", product.id)] if product else []),
                ]
            )
        )
        self._refuse_ambiguous_serial(serial, lots.product_id)
        return lots[:1]

    @api.model
    def _unit_layers(self, lot, serial, product, company, warranty=None):
        """The warranty layers of one unit: those of its lot; for a unit
        without a lot, ``warranty`` and the layers it extends or that extend
        it, else those of its serial number and product."""
        if not lot and warranty:
            base = warranty.parent_id or warranty
            return base | base.child_ids
        domain = [("company_id", "=", company.id)]
        if lot:
            domain.append(("lot_id", "=", lot.id))
        else:
            domain += [("serial", "=", serial), ("lot_id", "=", False)]
            if product:
                domain.append(("product_id", "=", product.id))
        layers = self.env["aftersales.warranty"].sudo().search(domain)
        self._refuse_ambiguous_serial(serial, layers.product_id)
        return layers

    @api.model
    def _prepare_unit_vals(self, vals):
        """Complete ``vals`` (of a new claim, or of this claim) with the unit
        that any of its keys names: the warranty, the lot or the typed serial
        number. The lot, the serial, the product, the warranty layer in force
        on the claim date and (for a new claim) the customer follow from the
        data, whichever key the client sent; keys that disagree are refused.
        Returns ``vals``."""
        claim = self
        company = self.env["res.company"].browse(
            vals.get("company_id") or claim.company_id.id or self.env.company.id
        )
        day = fields.Date.to_date(
            vals.get("date_claim")
            or claim.date_claim
            or fields.Date.context_today(self)
        )
        product = self.env["product.product"].browse(
            vals.get("product_id", claim.product_id.id)
        )
        serial = (vals.get("serial", claim.serial) or "").strip()
        warranty = (
            self.env["aftersales.warranty"].sudo().browse(vals.get("warranty_id"))
        ).exists()
        lot = self.env["stock.lot"].sudo().browse(vals.get("lot_id")).exists()
        if not any(vals.get(key) for key in UNIT_FIELDS):
            if any(key in vals for key in UNIT_FIELDS):
                vals.update(lot_id=False, warranty_id=False)
                return vals  # no longer a unit
            if not claim.warranty_id:
                return vals
            warranty = claim.warranty_id.sudo()  # a new date: the layer then
        given = warranty or lot
        if warranty:
            if lot and warranty.lot_id != lot:
                raise UserError(
                    self.env._(
                        "The warranty %(warranty)s is not the warranty of the unit "
                        "%(lot)s.",
                        warranty=warranty.display_name,
                        lot=lot.display_name,
                    )
                )
            lot, product, key = warranty.lot_id, warranty.product_id, warranty.serial
        elif lot:
            product, key = lot.product_id, lot.name
        else:
            key = serial
            lot = self._find_lot(key, product, company)
            product = lot.product_id or product
        if given.company_id not in (company, self.env["res.company"]):
            raise UserError(
                self.env._(
                    "%(unit)s is not a unit of %(company)s.",
                    unit=given.display_name,
                    company=company.display_name,
                )
            )
        if given and vals.get("serial") and serial != key:
            raise UserError(
                self.env._(
                    "The serial number %(serial)s is not the one of %(unit)s.",
                    serial=serial,
                    unit=given.display_name,
                )
            )
        if given and vals.get("product_id") and vals["product_id"] != product.id:
            raise UserError(
                self.env._(
                    "%(unit)s is a unit of %(product)s, not of %(other)s.",
                    unit=given.display_name,
                    product=product.display_name,
                    other=product.browse(vals["product_id"]).display_name,
                )
            )
        in_force = self._unit_layers(lot, key, product, company, warranty)._in_force(
            day
        )
        if not in_force:
            raise UserError(
                self.env._(
                    "The serial number %(serial)s was never sold nor "
                    "registered: register its warranty first.",
                    serial=key,
                )
            )
        vals.update(
            serial=key,
            lot_id=lot.id,
            warranty_id=in_force.id,
            product_id=in_force.product_id.id,
        )
        if not claim and not vals.get("partner_id"):
            vals["partner_id"] = in_force.partner_id.id
        return vals

    def _follow_new_parties(self, followed):
        """The customer and the service point that no longer have these
        claims stop following them, and old links stop opening them: a new
        access token replaces the one they were e-mailed. ``followed``: each
        claim's customer and service point before the change."""
        for claim in self:
            gone = followed.get(claim, self.env["res.partner"]) - (
                claim.partner_id | claim.dealer_id
            )
            if not gone:
                continue
            claim.message_unsubscribe(partner_ids=gone.ids)
            claim.sudo().access_token = False
            claim._portal_ensure_token()

    def _warehouse(self):
        self.ensure_one()
        return self.company_id._aftersales_warehouse()

    def _create_leg(self, leg):
        """A transfer of the claim: ``receipt`` (customer to repair
        location), ``return`` (back to the customer) or ``replacement`` (a
        new unit from stock to the customer)."""
        self.ensure_one()
        return self._create_legs(leg)

    def _create_legs(self, leg):
        """The transfers ``leg`` of the claims (see _create_leg), in one
        batch; a claim with no such transfer has none."""
        transfers = [claim._prepare_leg_transfer(leg) for claim in self]
        return self.env["stock.picking"]._aftersales_create_unit_transfers(
            [transfer for transfer in transfers if transfer]
        )

    def _prepare_leg_transfer(self, leg):
        """The claim's transfer ``leg``, as _aftersales_create_unit_transfers
        takes it; empty when the claim has no such transfer."""
        self.ensure_one()
        warehouse = self._warehouse()
        repair_location = warehouse.sudo()._aftersales_repair_location()
        customers = self.env.ref("stock.stock_location_customers")
        picking_type, source, destination, lot = {
            "receipt": (warehouse.in_type_id, customers, repair_location, self.lot_id),
            "return": (warehouse.out_type_id, repair_location, customers, self.lot_id),
            "replacement": (
                warehouse.out_type_id,
                warehouse.lot_stock_id,
                customers,
                self.replacement_lot_id,
            ),
        }[leg]
        # From and to the service point when a dealer handles the unit, else
        # the customer.
        return (
            picking_type,
            source,
            destination,
            self.product_id,
            lot,
            self.dealer_id or self.partner_id,
            self._prepare_leg_vals(leg),
        )

    def _prepare_leg_vals(self, leg):
        """The claim's own values of its transfer ``leg`` (see _create_leg)."""
        self.ensure_one()
        return {
            "origin": self.name,
            "aftersales_claim_id": self.id,
            "aftersales_leg": leg,
        }

    def _prepare_repair_vals(self):
        """The values of the repair order the claim creates for its unit."""
        self.ensure_one()
        warehouse = self._warehouse()
        # Free only when the terms cover parts and labour in full; partial
        # terms make a paid repair whose quotation carries the coverage as
        # discounts (see repair.order.action_create_sale_order).
        policy = self.warranty_id.policy_id
        under_warranty = (
            self.coverage == "in_warranty"
            and policy.parts_coverage >= 100
            and policy.labour_coverage >= 100
        )
        return {
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "partner_id": self.partner_id.id,
            "under_warranty": under_warranty,
            "picking_type_id": warehouse.repair_type_id.id,
            "location_id": warehouse.sudo()._aftersales_repair_location().id,
            "product_location_src_id": warehouse.sudo()
            ._aftersales_repair_location()
            .id,
            "product_location_dest_id": warehouse.sudo()
            ._aftersales_repair_location()
            .id,
            "repair_request": self.symptom,
            "aftersales_claim_id": self.id,
            "company_id": self.company_id.id,
        }

    def _extend_warranty(self):
        """Extend the unit's warranty after a repair, as the profile says
        (RU: by the days from the claim to the return; EU: once, by a fixed
        number of months, for claims from the date the rule applies)."""
        self.ensure_one()
        warranty, profile = self.warranty_id, self.legal_profile_id
        if not warranty or self.coverage != "in_warranty":
            return
        days = 0
        if profile.extension_mode == "repair_time":
            days = (self.date_returned.date() - self.date_claim).days
        elif profile.extension_mode == "fixed" and (
            not profile.extension_date_from
            or self.date_claim >= profile.extension_date_from
        ):
            end = warranty.date_end
            days = (end + relativedelta(months=profile.extension_months) - end).days
        if days > 0:
            warranty.sudo().extension_days += days
            warranty.sudo().message_post(
                body=self.env._(
                    "Extended by %(days)s days after the repair of claim %(claim)s.",
                    days=days,
                    claim=self.name,
                )
            )


def percent(numerator, denominator):
    """``numerator`` per hundred ``denominator``; None when there is no
    denominator: no rate, rather than a 0 % beside the claims."""
    return round(100.0 * (numerator or 0) / denominator, 2) if denominator else None
