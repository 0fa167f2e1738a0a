# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, plaintext2html

from .aftersales_warranty import COVERAGES
from .stock_lot import NO_ORIGIN

OPEN_STATES = ("new", "received", "diagnosis", "in_repair", "ready")
# Customer e-mails: event -> (the company's switch, the template).
# The claim's states that the followers may choose to hear of: their
# subtypes (data/mail_data.xml).
STATE_SUBTYPES = {
    "received": "aftersales_service.mt_claim_received",
    "ready": "aftersales_service.mt_claim_ready",
    "done": "aftersales_service.mt_claim_done",
    "rejected": "aftersales_service.mt_claim_rejected",
}
NOTIFICATIONS = {
    "received": (
        "aftersales_notify_received",
        "aftersales_service.mail_template_claim_received",
    ),
    "item_received": (
        "aftersales_notify_item_received",
        "aftersales_service.mail_template_claim_item_received",
    ),
    "quotation": (
        "aftersales_notify_quotation",
        "aftersales_service.mail_template_claim_quotation",
    ),
    "ready": (
        "aftersales_notify_ready",
        "aftersales_service.mail_template_claim_ready",
    ),
    "done": (
        "aftersales_notify_done",
        "aftersales_service.mail_template_claim_done",
    ),
    "rejected": (
        "aftersales_notify_rejected",
        "aftersales_service.mail_template_claim_rejected",
    ),
}
LOW_RATING = 2
REPEAT_DAYS = 30
MONEY_CLAIMS = ("refund", "price_reduction")
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
    needs_attention = fields.Boolean(
        readonly=True,
        groups=STAFF,
        copy=False,
        index=True,
        tracking=True,
        help="The customer rated the claim 1 or 2 stars, or claimed the same "
        "unit again within 30 days: the after-sales manager follows it up.",
    )
    parts_waiting = fields.Boolean(
        string="Waiting for Parts",
        compute="_compute_parts_waiting",
        store=True,
        index=True,
        help="A repair of this claim misses parts.",
    )
    date_parts_expected = fields.Datetime(
        string="Parts Expected",
        compute="_compute_parts_risk",
        groups=STAFF,
        help="When the last missing part should arrive: the latest scheduled "
        "date of the open parts transfers and purchases.",
    )
    parts_deadline_risk = fields.Boolean(
        string="Parts Put the Deadline at Risk",
        compute="_compute_parts_risk",
        groups=STAFF,
        help="The parts are expected on or after the legal deadline (or not "
        "requested yet with the deadline less than a week away).",
    )
    dealer_claim_ids = fields.One2many(
        comodel_name="aftersales.dealer.claim",
        inverse_name="claim_id",
        string="Dealer Claims",
        groups=STAFF,
    )
    supplier_claim_ids = fields.One2many(
        comodel_name="aftersales.supplier.claim",
        inverse_name="claim_id",
        string="Supplier Claims",
        groups=STAFF,
    )
    supplier_claim_count = fields.Integer(
        compute="_compute_claim_record_counts", groups=STAFF
    )
    dealer_claim_count = fields.Integer(
        compute="_compute_claim_record_counts", groups=STAFF
    )
    supplier_recovered_amount = fields.Monetary(
        string="Recovered from Suppliers",
        compute="_compute_supplier_recovered_amount",
        store=True,
        groups=STAFF,
    )
    supplier_recovery_possible = fields.Boolean(
        compute="_compute_supplier_recovery_possible",
        groups=STAFF,
        help="The unit came from a vendor whose warranty still runs.",
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
    currency_id = fields.Many2one(related="company_id.currency_id")
    penalty_amount = fields.Monetary(
        string="Penalty Exposure",
        compute="_compute_lateness",
        groups=STAFF,
        help="What the missed deadline costs so far: the profile's rate per "
        "day late on the unit's price.",
    )
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
    replacement_lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Replacement Unit",
        copy=False,
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    refund_amount = fields.Monetary(
        copy=False,
        help="Amount of the credit note of a refund or price reduction; "
        "empty for a refund of the full price.",
    )
    picking_count = fields.Integer(compute="_compute_document_counts")
    repair_count = fields.Integer(compute="_compute_document_counts")
    sale_order_count = fields.Integer(compute="_compute_document_counts")
    invoice_count = fields.Integer(compute="_compute_document_counts")

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

    @api.depends("repair_ids.aftersales_parts_state")
    def _compute_parts_waiting(self):
        for claim in self:
            claim.parts_waiting = any(
                state in ("partial", "missing")
                for state in claim.repair_ids.mapped("aftersales_parts_state")
            )

    @api.depends("parts_waiting", "date_deadline")
    @api.depends_context("date")
    def _compute_parts_risk(self):
        today = fields.Date.context_today(self)
        for claim in self:
            repairs = claim.sudo().repair_ids
            dates = repairs.aftersales_picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            ).mapped("scheduled_date") + repairs.aftersales_purchase_ids.filtered(
                lambda o: o.state not in ("done", "cancel")
            ).order_line.mapped("date_planned")
            claim.date_parts_expected = max(dates, default=False)
            expected = claim.date_parts_expected
            claim.parts_deadline_risk = bool(
                claim.parts_waiting
                and claim.date_deadline
                and (
                    expected.date() >= claim.date_deadline
                    if expected
                    else claim.date_deadline <= today + timedelta(days=7)
                )
            )

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

    @api.depends("supplier_claim_ids.amount_recovered")
    def _compute_supplier_recovered_amount(self):
        for claim in self:
            claim.supplier_recovered_amount = sum(
                claim.supplier_claim_ids.mapped("amount_recovered")
            )

    @api.depends("lot_id")
    def _compute_supplier_recovery_possible(self):
        today = fields.Date.context_today(self)
        origins = self.lot_id.sudo()._aftersales_purchase_origins()
        for claim in self:
            vendor, received, __ = origins.get(claim.lot_id, NO_ORIGIN)
            if not (vendor and received):
                claim.supplier_recovery_possible = False
                continue
            months = (
                claim.product_id.sudo()
                .seller_ids.filtered(lambda s, v=vendor: s.partner_id == v)[:1]
                .aftersales_warranty_months
            )
            claim.supplier_recovery_possible = bool(
                months and received + relativedelta(months=months) >= today
            )

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
        self._check_state(("new",), self.env._("receive the item"))
        for claim in self:
            picking = claim._create_leg("receipt")
            picking._aftersales_validate()
        self._write_workflow(
            {"state": "received", "date_received": fields.Datetime.now()}
        )
        self._notify_customer("item_received")
        return True

    def action_start_diagnosis(self):
        self._check_state(("received",), self.env._("start the diagnosis"))
        self._write_workflow({"state": "diagnosis"})
        return True

    def action_create_repair(self):
        """A repair order for the unit: free under warranty, else a paid
        repair whose quotation the customer accepts."""
        self._check_state(("received", "diagnosis"), self.env._("create a repair"))
        repairs = self.env["repair.order"]
        for claim in self:
            repairs |= repairs.sudo().create(claim._prepare_repair_vals())
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
        self._check_state(("in_repair",), self.env._("mark the item ready"))
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
        self._check_state(
            ("received", "diagnosis", "ready"), self.env._("return the item")
        )
        self._check_loans_back()
        now = fields.Datetime.now()
        for claim in self:
            claim._create_leg("return")._aftersales_validate()
        self._write_workflow({"date_returned": now})
        for claim in self.filtered(lambda c: c.state == "ready"):
            claim._extend_warranty()
        self.filtered(lambda c: c.state == "ready")._write_workflow(
            {"resolution": "repaired"}
        )
        return self.action_done()

    def action_replace(self):
        """Deliver a new unit (it gets its own warranty) and keep the old
        one: the claim is done."""
        self._check_state(
            ("received", "diagnosis", "in_repair", "ready"),
            self.env._("replace the unit"),
        )
        self._check_loans_back()
        self._check_covered_or_manager(self.env._("replace the unit"))
        for claim in self:
            if not claim.replacement_lot_id:
                raise UserError(
                    self.env._(
                        "Choose the replacement unit of %(claim)s first.",
                        claim=claim.name,
                    )
                )
            claim._create_leg("replacement")._aftersales_validate()
            claim.warranty_id.sudo()._void(
                self.env._("Replaced through claim %(claim)s", claim=claim.name)
            )
        self._write_workflow({"resolution": "replaced"})
        return self.action_done()

    def action_refund(self):
        """A credit note on the customer invoice of the unit (the refund
        amount, or its full price): the claim is done."""
        self._lock_for_money()
        self._check_state(OPEN_STATES, self.env._("refund"))
        self._check_loans_back()
        self._check_covered_or_manager(self.env._("refund"))
        for claim in self:
            claim._create_credit_note()
        for claim in self:
            claim._write_workflow(
                {
                    "resolution": "price_reduced"
                    if claim.claim_type == "price_reduction"
                    else "refunded"
                }
            )
        return self.action_done()

    def action_done(self):
        """Close the claim; all its documents must be finished."""
        self._check_state(OPEN_STATES, self.env._("close"))
        for claim in self:
            claim._check_documents_finished()
        self._write_workflow({"state": "done", "date_closed": fields.Datetime.now()})
        self._notify_customer("done")
        self._request_rating()
        return True

    def action_cancel(self):
        self._check_state(OPEN_STATES, self.env._("cancel"))
        self._check_loans_back()
        self._write_workflow(
            {"state": "cancelled", "date_closed": fields.Datetime.now()}
        )
        return True

    def action_reset(self):
        """Bring a cancelled claim back to work."""
        self._check_state(("cancelled",), self.env._("reopen"))
        for claim in self:
            claim._write_workflow(
                {
                    "state": "received" if claim.date_received else "new",
                    "date_closed": False,
                }
            )
        return True

    def action_open_reject(self):
        self._check_state(OPEN_STATES, self.env._("reject"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Claim"),
            "res_model": "aftersales.claim.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_ids": self.ids},
        }

    def action_open_lend(self):
        """The lending wizard: it proposes the free loaner units that can
        stand in for the claimed product."""
        self.ensure_one()
        self._check_state(OPEN_STATES, self.env._("lend a loaner for"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lend a Loaner"),
            "res_model": "aftersales.claim.lend",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_id": self.id},
        }

    def action_open_supplier_claim(self):
        """A supplier claim for the claimed unit (or, changed there, for one
        of the parts of its repair)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Claim from Supplier"),
            "res_model": "aftersales.supplier.claim",
            "view_mode": "form",
            "context": {
                "default_claim_id": self.id,
                "default_product_id": self.product_id.id,
                "default_lot_id": self.lot_id.id,
                "default_repair_id": self.repair_ids[:1].id,
                "default_company_id": self.company_id.id,
            },
        }

    def action_view_documents(self):
        """The claim's transfers, repairs, quotations or credit notes."""
        self.ensure_one()
        # Only the asked documents are read: a user without accounting rights
        # opens the claim's transfers.
        field = {
            "pickings": "picking_ids",
            "repairs": "repair_ids",
            "quotations": "sale_order_ids",
            "invoices": "invoice_ids",
            "loans": "loan_ids",
            "supplier_claims": "supplier_claim_ids",
            "dealer_claims": "dealer_claim_ids",
        }[self.env.context["documents"]]
        return self._documents_action(self[field], self.name)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _check_covered_or_manager(self, verb):
        """Money and new goods for a unit out of its warranty are a
        manager's decision, taken on the coverage the server computed."""
        if self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            return
        for claim in self.filtered(lambda c: c.coverage != "in_warranty"):
            labels = dict(self._fields["coverage"]._description_selection(self.env))
            raise AccessError(
                self.env._(
                    "Claim %(claim)s is %(coverage)s: only an after-sales "
                    "administrator can %(verb)s it.",
                    claim=claim.name,
                    coverage=labels.get(claim.coverage, "").lower(),
                    verb=verb,
                )
            )

    def _lock_for_money(self):
        """Take these claims and the sale lines of their units for this
        transaction, then read them again: two refunds of one unit (two
        clicks, two users) run one after the other, and the second sees what
        the first did."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM aftersales_claim WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(self.ids),
            )
        )
        lines = self.sudo().warranty_id.sale_line_id
        if lines:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM sale_order_line WHERE id IN %s ORDER BY id "
                    "FOR UPDATE",
                    tuple(lines.ids),
                )
            )
        self.invalidate_recordset()
        self.env["account.move"].invalidate_model(["state", "amount_total"])

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

    def _track_subtype(self, init_values):
        """A change to one of the steps of STATE_SUBTYPES is posted with its
        own subtype, so that each follower chooses the steps they get."""
        self.ensure_one()
        if "state" in init_values and self.state in STATE_SUBTYPES:
            return self.env.ref(STATE_SUBTYPES[self.state])
        return super()._track_subtype(init_values)

    def _notify_customer(self, event):
        """E-mail the customers of these claims about ``event`` (one of
        NOTIFICATIONS), with the template of the event, in their language,
        unless their company turned that notification off. The message stays
        in the claim's chatter, which the customer sees on the portal; a
        claim that came from a helpdesk ticket notes it on the ticket, without
        an e-mail, so that the customer hears it once."""
        toggle, template_xmlid = NOTIFICATIONS[event]
        claims = self.filtered(lambda c: c.company_id[toggle] and c.partner_id.email)
        if not claims:
            return
        # Each customer follows their own claim only: subscribing all the
        # customers to all the claims would send them each other's e-mails.
        for claim in claims:
            claim.message_subscribe(partner_ids=claim.partner_id.ids)
            claim._post_to_customer(template_xmlid)
        for claim in claims.filtered("ticket_id"):
            claim.ticket_id.sudo().message_post(
                body=self.env._(
                    "Claim %(claim)s: the customer was told by e-mail (%(event)s).",
                    claim=claim.name,
                    event=self.env.ref(template_xmlid).sudo().name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _request_rating(self):
        """Ask the customers of closed claims to rate the service, in the
        claim's conversation like every other message to them."""
        template = self.env.ref("aftersales_service.mail_template_claim_rating")
        for claim in self.filtered(
            lambda c: c.company_id.aftersales_rating_request and c.partner_id.email
        ):
            claim._post_to_customer(
                template.with_context(lang=claim.partner_id.lang),
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _post_to_customer(self, template=None, **values):
        """Post on this claim a message of the company to its customer: the
        ``template`` rendered for the claim, or the given ``values`` (body,
        subject, ...). It is a message, not a log (which the portal hides),
        so the customer reads it in the claim's conversation on the portal,
        and it subscribes nobody. Its author and sender are the company's, as
        the templates' "From" says, whoever (a customer on the portal, a
        cron) caused it; a company without an address leaves the sender to
        Odoo."""
        self.ensure_one()
        company = self.company_id.partner_id
        if company.email:
            values.setdefault("author_id", company.id)
            values.setdefault("email_from", company.email_formatted)
        claim = self.with_context(mail_create_nosubscribe=True)
        kind = {"message_type": "auto_comment", "subtype_xmlid": "mail.mt_comment"}
        if template:
            return claim.message_post_with_source(template, **kind, **values)
        return claim.message_post(**kind, **values)

    def _escalate_repeated_claims(self):
        """A unit claimed again within 30 days of an earlier claim needs the
        manager's attention."""
        units = self.filtered("lot_id")
        if not units:
            return
        since = fields.Datetime.now() - timedelta(days=REPEAT_DAYS)
        earlier = self.sudo().search(
            [
                ("lot_id", "in", units.lot_id.ids),
                ("id", "not in", self.ids),
                "|",
                ("create_date", ">=", since),
                ("date_closed", ">=", since),
            ]
        )
        repeated = units.filtered(lambda c: c.lot_id in earlier.lot_id)
        repeated._escalate(
            self.env._("Unit claimed again within %(days)s days.", days=REPEAT_DAYS)
        )

    def _escalate(self, reason):
        """Raise the priority, flag the claim and give the after-sales
        manager an activity."""
        # Once: a rating given then explained is one escalation.
        claims = self.filtered(lambda c: not c.needs_attention)
        claims.sudo().write({"needs_attention": True, "priority": "1"})
        # The reason may quote the customer (a rating's feedback): plain text.
        claims._create_activities(
            [
                (
                    claim,
                    claim.company_id.aftersales_manager_id or claim.user_id,
                    self.env._("Needs attention"),
                    fields.Date.context_today(self),
                    plaintext2html(reason),
                )
                for claim in claims
            ]
        )

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """A low rating escalates the claim to the after-sales manager."""
        result = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        if rate <= LOW_RATING:
            self.sudo()._escalate(
                self.env._(
                    "The customer rated the claim %(rate)s out of 5: %(feedback)s",
                    rate=int(rate),
                    feedback=feedback or "-",
                )
            )
        return result

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
        return self.env["stock.picking"]._aftersales_create_unit_transfer(
            picking_type,
            source,
            destination,
            self.product_id,
            lot,
            self.dealer_id or self.partner_id,
            origin=self.name,
            aftersales_claim_id=self.id,
            aftersales_leg=leg,
        )

    def _prepare_repair_vals(self):
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

    def _create_credit_note(self):
        """Credit the unit's invoice (sudo: after-sales users need not be
        accountants; the amount is checked against what was invoiced)."""
        self.ensure_one()
        sale_line = self.warranty_id.sudo().sale_line_id
        invoice_lines = sale_line.invoice_lines.filtered(
            lambda line: (
                line.move_id.state == "posted"
                and line.move_id.move_type == "out_invoice"
            )
        )
        if not invoice_lines:
            raise UserError(
                self.env._(
                    "Claim %(claim)s: no posted customer invoice of the unit to "
                    "credit.",
                    claim=self.name,
                )
            )
        invoiced = sum(invoice_lines.mapped("price_total")) / (
            sum(invoice_lines.mapped("quantity")) or 1
        )
        already = sum(
            self.sudo()
            .search([("warranty_id.sale_line_id", "=", sale_line.id)])
            .invoice_ids.filtered(lambda m: m.state != "cancel")
            .mapped("amount_total")
        )
        amount = self.refund_amount or invoiced
        if amount + already > invoiced + 0.005:
            raise UserError(
                self.env._(
                    "Claim %(claim)s: refunding %(amount)s would exceed what the "
                    "unit was invoiced (%(invoiced)s, already refunded "
                    "%(already)s).",
                    claim=self.name,
                    amount=amount,
                    invoiced=invoiced,
                    already=already,
                )
            )
        line = invoice_lines[0]
        credit_note = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": line.move_id.partner_id.id,
                    "reversed_entry_id": line.move_id.id,
                    "invoice_origin": self.name,
                    "aftersales_claim_id": self.id,
                    "company_id": self.company_id.id,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product_id.id,
                                "name": self.env._(
                                    "%(claim)s: %(product)s",
                                    claim=self.name,
                                    product=self.product_id.display_name,
                                ),
                                "quantity": 1,
                                "price_unit": amount
                                / (
                                    1
                                    + sum(
                                        line.tax_ids.filtered(
                                            lambda t: (
                                                t.amount_type == "percent"
                                                and not t.price_include
                                            )
                                        ).mapped("amount")
                                    )
                                    / 100
                                ),
                                "tax_ids": [(6, 0, line.tax_ids.ids)],
                            },
                        )
                    ],
                }
            )
        )
        return credit_note

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


def percent(numerator, denominator):
    """``numerator`` per hundred ``denominator``; None when there is no
    denominator: no rate, rather than a 0 % beside the claims."""
    return round(100.0 * (numerator or 0) / denominator, 2) if denominator else None
