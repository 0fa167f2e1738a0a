# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .stock_lot import NO_ORIGIN


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
        compute="_compute_date_purchased",
        store=True,
        readonly=False,
        help="The day we received the unit or part from the vendor.",
    )
    supplier_warranty_months = fields.Integer(
        string="Supplier Warranty (months)",
        compute="_compute_supplier_warranty_months",
        store=True,
        readonly=False,
    )
    date_supplier_warranty_end = fields.Date(
        string="Supplier Warranty Until",
        compute="_compute_date_supplier_warranty_end",
        store=True,
    )
    outside_terms = fields.Boolean(
        compute="_compute_date_supplier_warranty_end",
        store=True,
        help="No vendor is known, or the vendor's warranty is over: only an "
        "after-sales administrator may send this claim.",
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

    @api.depends("lot_id")
    def _compute_date_purchased(self):
        origins = self.lot_id._aftersales_purchase_origins()
        for claim in self:
            claim.date_purchased = origins.get(claim.lot_id, NO_ORIGIN)[1]

    @api.depends("product_id", "partner_id")
    def _compute_supplier_warranty_months(self):
        for claim in self:
            claim.supplier_warranty_months = claim._seller().aftersales_warranty_months

    @api.depends("product_id", "lot_id", "partner_id", "quantity")
    def _compute_amount_expected(self):
        origins = self.lot_id._aftersales_purchase_origins()
        for claim in self:
            price = origins.get(claim.lot_id, NO_ORIGIN)[2]
            claim.amount_expected = (price or claim._seller().price) * claim.quantity

    @api.depends("partner_id", "date_purchased", "supplier_warranty_months", "date")
    def _compute_date_supplier_warranty_end(self):
        for claim in self:
            end = (
                claim.date_purchased
                and claim.supplier_warranty_months
                and claim.date_purchased
                + relativedelta(months=claim.supplier_warranty_months)
            )
            claim.date_supplier_warranty_end = end
            claim.outside_terms = not (
                claim.partner_id and end and end >= (claim.date or fields.Date.today())
            )

    @api.depends("credit_note_id.state", "credit_note_id.amount_total")
    def _compute_amount_recovered(self):
        for claim in self:
            note = claim.credit_note_id.sudo()
            claim.amount_recovered = note.amount_total if note.state == "posted" else 0

    @api.model_create_multi
    def create(self, vals_list):
        self._assign_numbers(vals_list, "aftersales.supplier.claim")
        claims = super().create(vals_list)
        claims._check_terms_or_manager()
        return claims

    def action_send(self):
        """Send the claim to the vendor; a unit or part we still hold goes
        back with a return transfer."""
        self._check_state(("draft",), self.env._("send"))
        self._check_terms_or_manager()
        for claim in self:
            if not claim.partner_id:
                raise UserError(
                    self.env._("Name the vendor of %(claim)s first.", claim=claim.name)
                )
            claim.picking_id = claim._create_return()
        self.write({"state": "sent"})
        return True

    def action_accept(self):
        """The vendor agreed: its credit note is drafted for the expected
        amount."""
        self._check_state(("sent",), self.env._("accept"))
        for claim in self:
            claim.credit_note_id = claim._create_credit_note()
        self.write({"state": "accepted"})
        return True

    def action_credit(self):
        """The vendor's credit note is booked: the amount is recovered."""
        self._check_state(("accepted",), self.env._("credit"))
        notes = self.credit_note_id.sudo().filtered(lambda n: n.state == "draft")
        notes.action_post()
        self.write({"state": "credited"})
        return True

    def action_refuse(self):
        self._check_state(("sent", "accepted"), self.env._("refuse"))
        self.credit_note_id.sudo().filtered(
            lambda n: n.state == "draft"
        ).button_cancel()
        self.write({"state": "refused"})
        return True

    def _check_terms_or_manager(self):
        if self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            return
        for claim in self.filtered("outside_terms"):
            raise UserError(
                self.env._(
                    "%(product)s has no known vendor or its supplier warranty "
                    "is over: only an after-sales administrator can claim it "
                    "from the vendor.",
                    product=claim.product_id.display_name,
                )
            )

    def _seller(self):
        """The vendor's price list entry of the claimed product."""
        self.ensure_one()
        return self.product_id.sudo().seller_ids.filtered(
            lambda s: s.partner_id == self.partner_id
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
            origin=self.name,
            aftersales_claim_id=self.claim_id.id,
        )

    def _create_credit_note(self):
        self.ensure_one()
        return (
            self.env["account.move"]
            .sudo()
            .create(
                {
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
            )
        )
