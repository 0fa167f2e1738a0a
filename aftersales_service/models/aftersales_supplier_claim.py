# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import namedtuple

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, formatLang

from .stock_lot import NO_ORIGIN

# Written by the claim's own steps (with sudo), never through create or write:
# a client that could set them would credit a claim twice or fake its terms.
SERVER_FIELDS = (
    "state",
    "date_sent",
    "picking_id",
    "credit_note_id",
    "amount_recovered",
    "date_purchased",
    "supplier_warranty_months",
    "date_supplier_warranty_end",
    "outside_terms",
)
# What the vendor was sent: fixed once the claim leaves the draft state.
LOCKED_FIELDS = (
    "company_id",
    "date",
    "claim_id",
    "repair_id",
    "product_id",
    "lot_id",
    "quantity",
    "partner_id",
    "amount_expected",
)
# A change of these checks the vendor's terms and the credit's cap again.
CHECKED_FIELDS = {
    "company_id",
    "claim_id",
    "product_id",
    "lot_id",
    "quantity",
    "partner_id",
    "amount_expected",
}

# The vendor's terms of a claimed unit, read from its receipt and the
# vendor's price list. ``issue``: why it is outside them (False within).
VendorTerms = namedtuple(
    "VendorTerms", "vendor date_received unit_price months date_end issue"
)


class AftersalesSupplierClaim(models.Model):
    _name = "aftersales.supplier.claim"
    _description = "Supplier Warranty Claim"
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
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    claim_id = fields.Many2one(
        comodel_name="aftersales.claim",
        string="Customer Claim",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    repair_id = fields.Many2one(
        comodel_name="repair.order",
        check_company=True,
        domain="[('aftersales_claim_id', '=', claim_id)]",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Defective Product",
        required=True,
        tracking=True,
        domain="[('type', '=', 'consu')]",
        help="The defective unit or part claimed back from the vendor.",
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Lot/Serial",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Vendor",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        tracking=True,
        help="The vendor who sold us the unit or part: from the receipt of its "
        "serial number, else the product's first vendor.",
    )
    date_purchased = fields.Date(
        string="Received On",
        compute="_compute_vendor_terms",
        store=True,
        help="The day we received the unit or part from the vendor.",
    )
    supplier_warranty_months = fields.Integer(
        string="Supplier Warranty (months)",
        compute="_compute_vendor_terms",
        store=True,
    )
    date_supplier_warranty_end = fields.Date(
        string="Supplier Warranty Until",
        compute="_compute_vendor_terms",
        store=True,
    )
    outside_terms = fields.Boolean(
        compute="_compute_vendor_terms",
        store=True,
        help="No purchase receipt from this vendor is known, or its warranty "
        "was over when the claim was sent: only an after-sales administrator "
        "may send, accept or credit this claim.",
    )
    amount_expected = fields.Monetary(
        string="Expected Credit",
        compute="_compute_amount_expected",
        store=True,
        readonly=False,
        help="What the vendor should credit: the purchase price of the unit or part.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("accepted", "Accepted"),
            ("credited", "Credited"),
            ("refused", "Refused"),
        ],
        string="Status",
        default="draft",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
        help="- Draft: being prepared.\n"
        "- Sent: the vendor has the claim (and the part, when it goes back).\n"
        "- Accepted: the vendor agreed; its credit note is expected.\n"
        "- Credited: the vendor credit note is posted.\n"
        "- Refused: the vendor refused the claim.",
    )
    date_sent = fields.Date(
        string="Sent On",
        readonly=True,
        copy=False,
        tracking=True,
        help="The day the claim was sent to the vendor: its supplier warranty "
        "is counted up to that day.",
    )
    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Return to Vendor",
        readonly=True,
        copy=False,
        check_company=True,
    )
    credit_note_id = fields.Many2one(
        comodel_name="account.move",
        string="Vendor Credit Note",
        readonly=True,
        copy=False,
        check_company=True,
    )
    amount_recovered = fields.Monetary(
        string="Recovered",
        compute="_compute_amount_recovered",
        store=True,
    )
    note = fields.Html()

    # Which steps the form offers: the rule of each step's action.
    can_send = fields.Boolean(compute="_compute_can_steps")
    can_accept = fields.Boolean(compute="_compute_can_steps")
    can_credit = fields.Boolean(compute="_compute_can_steps")
    can_refuse = fields.Boolean(compute="_compute_can_steps")

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "The claimed quantity must be positive.",
        ),
        (
            "amount_expected_positive",
            "CHECK(amount_expected IS NULL OR amount_expected >= 0)",
            "The expected credit cannot be negative.",
        ),
    ]

    @api.depends("product_id", "lot_id")
    def _compute_partner_id(self):
        origins = self.lot_id._aftersales_purchase_origins()
        for claim in self:
            vendor = origins.get(claim.lot_id, NO_ORIGIN)[0]
            claim.partner_id = (
                vendor or claim.product_id.sudo().seller_ids[:1].partner_id
            )

    @api.depends("company_id", "product_id", "lot_id", "partner_id", "date_sent")
    def _compute_vendor_terms(self):
        terms = self._vendor_terms()
        for claim in self:
            claim_terms = terms[claim]
            claim.date_purchased = claim_terms.date_received
            claim.supplier_warranty_months = claim_terms.months
            claim.date_supplier_warranty_end = claim_terms.date_end
            claim.outside_terms = bool(claim_terms.issue)

    @api.depends("product_id", "lot_id", "partner_id", "quantity")
    def _compute_amount_expected(self):
        origins = self.lot_id._aftersales_purchase_origins()
        for claim in self:
            price = origins.get(claim.lot_id, NO_ORIGIN)[2]
            claim.amount_expected = (price or claim._seller().price) * claim.quantity

    @api.depends("credit_note_id.state", "credit_note_id.amount_total")
    def _compute_amount_recovered(self):
        for claim in self:
            note = claim.credit_note_id.sudo()
            claim.amount_recovered = note.amount_total if note.state == "posted" else 0

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_server_fields(vals)
        # Defaults from the client's context never set what the steps set:
        # the context is replaced by one without them (a key set to False
        # would still be a default).
        server_defaults = {f"default_{fname}" for fname in SERVER_FIELDS}
        model = self.with_context(  # pylint: disable=context-overridden
            {k: v for k, v in self.env.context.items() if k not in server_defaults}
        )
        model._assign_numbers(vals_list, "aftersales.supplier.claim")
        claims = super(AftersalesSupplierClaim, model).create(vals_list)
        claims._check_claims()
        return claims

    def write(self, vals):
        if not self.env.su:
            self._check_server_fields(vals)
            self._check_locked(vals)
        result = super().write(vals)
        if CHECKED_FIELDS.intersection(vals):
            self._check_claims()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        for claim in self.filtered(lambda c: c.state != "draft"):
            raise UserError(
                self.env._(
                    "%(claim)s was sent to the vendor: it stays on record and "
                    "cannot be deleted.",
                    claim=claim.name,
                )
            )

    def _get_step_states(self):
        return {
            **super()._get_step_states(),
            "send": ("draft",),
            "accept": ("sent",),
            "credit": ("accepted",),
            "refuse": ("sent", "accepted"),
        }

    def action_send(self):
        """Send the claim to the vendor; a unit or part we still hold goes
        back with a return transfer."""
        self._check_step("send", self.env._("send"))
        for claim in self:
            if not claim.partner_id:
                raise UserError(
                    self.env._("Name the vendor of %(claim)s first.", claim=claim.name)
                )
        self._check_claims()
        for claim in self:
            claim.sudo().picking_id = claim._create_return()
        self.sudo().write(
            {"state": "sent", "date_sent": fields.Date.context_today(self)}
        )
        return True

    def action_accept(self):
        """The vendor agreed: its credit note is drafted for the expected
        amount."""
        self._check_step("accept", self.env._("accept"))
        self._check_claims()
        for claim in self:
            if claim.credit_note_id.sudo().filtered(lambda n: n.state != "cancel"):
                raise UserError(
                    self.env._(
                        "%(claim)s already has the vendor credit note %(note)s.",
                        claim=claim.name,
                        note=claim.credit_note_id.sudo().display_name,
                    )
                )
        notes = self._create_credit_notes()
        for claim, note in zip(self, notes, strict=True):
            claim.sudo().credit_note_id = note
        self.sudo().write({"state": "accepted"})
        return True

    def action_credit(self):
        """The vendor's credit note is booked: the amount is recovered."""
        self._check_step("credit", self.env._("credit"))
        terms = self._check_claims()
        for claim in self:
            note = claim.credit_note_id.sudo()
            if note.state not in ("draft", "posted"):
                raise UserError(
                    self.env._(
                        "%(claim)s has no vendor credit note to book: the vendor "
                        "must accept it again.",
                        claim=claim.name,
                    )
                )
            paid = claim._price_paid(terms[claim])
            rounding = claim.currency_id.rounding
            if paid is not None and (
                float_compare(note.amount_untaxed, paid, precision_rounding=rounding)
                > 0
            ):
                raise UserError(
                    self.env._(
                        "The vendor credit note %(note)s of %(claim)s is for "
                        "%(amount)s, more than the %(paid)s we paid the vendor.",
                        note=note.display_name,
                        claim=claim.name,
                        amount=claim._format_amount(note.amount_untaxed),
                        paid=claim._format_amount(paid),
                    )
                )
        notes = self.credit_note_id.sudo().filtered(lambda n: n.state == "draft")
        notes.action_post()
        self.sudo().write({"state": "credited"})
        return True

    def action_refuse(self):
        self._check_step("refuse", self.env._("refuse"))
        for claim in self:
            note = claim.credit_note_id.sudo()
            if note.state == "posted":
                raise UserError(
                    self.env._(
                        "The vendor credit note %(note)s of %(claim)s is booked: "
                        "credit the claim, or have the credit note reversed first.",
                        note=note.display_name,
                        claim=claim.name,
                    )
                )
        self.credit_note_id.sudo().filtered(
            lambda n: n.state == "draft"
        ).button_cancel()
        self.sudo().write({"state": "refused"})
        return True

    def _check_server_fields(self, vals):
        """Refuse a client's value for a field only the claim's steps set."""
        forbidden = [fname for fname in SERVER_FIELDS if fname in vals]
        if not forbidden:
            return
        labels = ", ".join(
            self._fields[fname]._description_string(self.env) for fname in forbidden
        )
        if self:
            raise AccessError(
                self.env._(
                    "%(claim)s: %(fields)s are set by the claim's steps and "
                    "cannot be written.",
                    claim=", ".join(self.mapped("name")),
                    fields=labels,
                )
            )
        product = self.env["product.product"].browse(vals.get("product_id"))
        raise AccessError(
            self.env._(
                "The supplier claim of %(product)s: %(fields)s are set by the "
                "claim's steps and cannot be written.",
                product=product.display_name,
                fields=labels,
            )
        )

    def _check_locked(self, vals):
        """What the vendor was sent cannot change (notes can)."""
        locked = [fname for fname in LOCKED_FIELDS if fname in vals]
        if not locked:
            return
        for claim in self.filtered(lambda c: c.state != "draft"):
            raise UserError(
                self.env._(
                    "%(claim)s was sent to the vendor: %(fields)s cannot change "
                    "any more (notes can).",
                    claim=claim.name,
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        for fname in locked
                    ),
                )
            )

    def _check_claims(self):
        """Check the claims against their receipts and the vendor's price
        list as they are now: what is claimed is what we bought, at most once
        and for at most what we paid, and a claim outside the vendor's terms
        is for an after-sales administrator. Returns the terms."""
        terms = self._vendor_terms()
        self._check_recoverable(terms)
        if not self.env.su:
            self._check_terms_or_manager(terms)
        return terms

    def _check_terms_or_manager(self, terms=None):
        if self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            return
        terms = terms or self._vendor_terms()
        for claim in self:
            issue = terms[claim].issue
            if issue:
                raise UserError(claim._terms_message(terms[claim]))

    def _terms_message(self, terms):
        """Why the claim is outside the vendor's terms, for the refusal."""
        self.ensure_one()
        values = {
            "claim": self.name,
            "product": self.product_id.display_name,
            "vendor": terms.vendor.display_name,
        }
        if terms.issue == "no_receipt":
            return self.env._(
                "%(claim)s: no purchase of %(product)s from a vendor is known: "
                "only an after-sales administrator can claim it from the vendor.",
                **values,
            )
        if terms.issue == "other_vendor":
            return self.env._(
                "%(claim)s: we bought %(product)s from %(vendor)s, not from "
                "%(partner)s: only an after-sales administrator can claim it "
                "from another vendor.",
                partner=self.partner_id.display_name,
                **values,
            )
        if terms.issue == "no_warranty":
            return self.env._(
                "%(claim)s: %(vendor)s gives no supplier warranty on "
                "%(product)s: only an after-sales administrator can claim it "
                "from the vendor.",
                **values,
            )
        return self.env._(
            "%(claim)s: the supplier warranty of %(vendor)s on %(product)s "
            "ended on %(date)s: only an after-sales administrator can claim it "
            "from the vendor.",
            date=fields.Date.to_string(terms.date_end),
            **values,
        )

    def _check_recoverable(self, terms):
        """A lot is one of the claimed product's; no more is claimed than
        was received (less what other claims took) and no more credited than
        was paid."""
        left = self._quantities_left()
        for claim in self:
            lot = claim.lot_id
            if lot and lot.product_id != claim.product_id:
                raise UserError(
                    self.env._(
                        "%(claim)s: %(lot)s is a lot of %(lot_product)s, not of "
                        "%(product)s.",
                        claim=claim.name,
                        lot=lot.name,
                        lot_product=lot.product_id.display_name,
                        product=claim.product_id.display_name,
                    )
                )
            received, available, others = left[claim]
            rounding = claim.product_id.uom_id.rounding
            if (
                lot
                and float_compare(
                    claim.quantity, available, precision_rounding=rounding
                )
                > 0
            ):
                if others:
                    raise UserError(
                        self.env._(
                            "%(claim)s claims %(quantity)s of %(lot)s: we "
                            "received %(received)s from the vendor and "
                            "%(left)s left to claim after %(others)s.",
                            claim=claim.name,
                            quantity=claim.quantity,
                            lot=lot.name,
                            received=received,
                            left=max(available, 0.0),
                            others=", ".join(others.mapped("name")),
                        )
                    )
                raise UserError(
                    self.env._(
                        "%(claim)s claims %(quantity)s of %(lot)s: we received "
                        "%(received)s from the vendor.",
                        claim=claim.name,
                        quantity=claim.quantity,
                        lot=lot.name,
                        received=received,
                    )
                )
            if not lot and others:
                raise UserError(
                    self.env._(
                        "%(claim)s: %(product)s of %(customer_claim)s is already "
                        "claimed from the vendor by %(others)s.",
                        claim=claim.name,
                        product=claim.product_id.display_name,
                        customer_claim=claim.claim_id.display_name,
                        others=", ".join(others.mapped("name")),
                    )
                )
            paid = claim._price_paid(terms[claim])
            if paid is not None and (
                float_compare(
                    claim.amount_expected,
                    paid,
                    precision_rounding=claim.currency_id.rounding,
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(claim)s expects a credit of %(amount)s, more than "
                        "the %(paid)s we paid the vendor for %(quantity)s x "
                        "%(product)s.",
                        claim=claim.name,
                        amount=claim._format_amount(claim.amount_expected),
                        paid=claim._format_amount(paid),
                        quantity=claim.quantity,
                        product=claim.product_id.display_name,
                    )
                )

    def _vendor_terms(self):
        """{claim: VendorTerms}, read now from the receipt of each claim's
        lot and its vendor's price list, never from the claim's own fields
        (a user edits those)."""
        origins = self.lot_id.sudo()._aftersales_purchase_origins()
        today = fields.Date.context_today(self)
        result = {}
        for claim in self:
            lot = claim.lot_id
            vendor, received, price = (
                origins.get(lot, NO_ORIGIN)
                if lot and lot.product_id == claim.product_id
                else NO_ORIGIN
            )
            vendor = vendor or self.env["res.partner"]
            seller = claim._seller(vendor or claim.partner_id)
            months = seller.aftersales_warranty_months
            end = received and months and received + relativedelta(months=months)
            if not (vendor and received and price):
                issue = "no_receipt"
            elif claim.partner_id.commercial_partner_id != vendor.commercial_partner_id:
                issue = "other_vendor"
            elif not end:
                issue = "no_warranty"
            elif end < (claim.date_sent or today):
                issue = "expired"
            else:
                issue = False
            result[claim] = VendorTerms(
                vendor, received or False, price, months, end or False, issue
            )
        return result

    def _quantities_left(self):
        """{claim: (received, left, other claims)}: of each claim's lot, what
        the vendor delivered us, what is left to claim after the lot's other
        claims (those the vendor did not refuse) and returns made outside
        supplier claims; without a lot, the other claims of the same product
        for the same customer claim."""
        claims = self.env["aftersales.supplier.claim"].sudo()
        lots = self.lot_id
        siblings = claims.search(
            [
                "|",
                ("lot_id", "in", lots.ids),
                "&",
                ("lot_id", "=", False),
                ("claim_id", "in", self.claim_id.ids),
            ]
        ).filtered(lambda c: c.state != "refused" or c.credit_note_id.state == "posted")
        move_lines = self.env["stock.move.line"].sudo()
        done = [("lot_id", "in", lots.ids), ("state", "=", "done")]
        received = dict(
            move_lines._read_group(
                [*done, ("location_id.usage", "=", "supplier")],
                ["lot_id"],
                ["quantity_product_uom:sum"],
            )
        )
        returned = dict(
            move_lines._read_group(
                [
                    *done,
                    ("location_dest_id.usage", "=", "supplier"),
                    (
                        "picking_id",
                        "not in",
                        claims.search([("lot_id", "in", lots.ids)]).picking_id.ids,
                    ),
                ],
                ["lot_id"],
                ["quantity_product_uom:sum"],
            )
        )
        result = {}
        for claim in self:
            if claim.lot_id:
                others = siblings.filtered(
                    lambda c, claim=claim: c.lot_id == claim.lot_id and c != claim
                )
                got = received.get(claim.lot_id, 0.0)
                left = (
                    got
                    - returned.get(claim.lot_id, 0.0)
                    - sum(others.mapped("quantity"))
                )
            else:
                others = siblings.filtered(
                    lambda c, claim=claim: (
                        claim.claim_id
                        and not c.lot_id
                        and c.claim_id == claim.claim_id
                        and c.product_id == claim.product_id
                        and c != claim
                    )
                )
                got = left = 0.0
            result[claim] = (got, left, others.with_env(self.env))
        return result

    def _price_paid(self, terms):
        """What we paid the vendor for the claimed quantity (None when no
        purchase is known: an administrator's claim, not capped here)."""
        self.ensure_one()
        if not terms.unit_price:
            return None
        return self.currency_id.round(terms.unit_price * self.quantity)

    def _format_amount(self, amount):
        digits = self.currency_id.decimal_places
        return f"{formatLang(self.env, amount, digits=digits)} {self.currency_id.name}"

    def _seller(self, vendor=None):
        """The vendor's price list entry of the claimed product (by default,
        of the claim's vendor)."""
        self.ensure_one()
        vendor = (vendor if vendor is not None else self.partner_id).sudo()
        if not vendor:
            return self.env["product.supplierinfo"]
        return self.product_id.sudo().seller_ids.filtered(
            lambda s: (
                s.partner_id.commercial_partner_id == vendor.commercial_partner_id
                and s.company_id in (self.company_id, self.env["res.company"])
                and s.product_id in (self.product_id, self.env["product.product"])
            )
        )[:1]

    def _create_return(self):
        """A transfer taking the unit or part we still hold back to the
        vendor (none when it is no longer in stock)."""
        self.ensure_one()
        quant = self.lot_id.sudo().quant_ids.filtered(
            lambda q: q.quantity > 0 and q.location_id.usage == "internal"
        )[:1]
        if not quant:
            return self.env["stock.picking"]
        warehouse = quant.location_id.warehouse_id
        return self.env["stock.picking"]._aftersales_create_unit_transfer(
            warehouse.out_type_id,
            quant.location_id,
            self.env.ref("stock.stock_location_suppliers"),
            self.product_id,
            self.lot_id,
            self.partner_id,
            **self._prepare_return_vals(),
        )

    def _prepare_return_vals(self):
        """The supplier claim's own values of its return to the vendor."""
        self.ensure_one()
        return {"origin": self.name, "aftersales_claim_id": self.claim_id.id}

    def _create_credit_notes(self):
        """The vendors' credit notes of the claims, in one batch and in
        their order."""
        return (
            self.env["account.move"]
            .sudo()
            .create([claim._prepare_credit_note_vals() for claim in self])
        )

    def _prepare_credit_note_vals(self):
        """The values of the vendor credit note of the expected amount."""
        self.ensure_one()
        return {
            "move_type": "in_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self.name,
            "aftersales_claim_id": self.claim_id.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "quantity": self.quantity,
                        "price_unit": self.amount_expected / self.quantity,
                    }
                )
            ],
        }
