# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

VISIT_TYPES = [
    ("commissioning", "Commissioning"),
    ("repair", "Repair"),
    ("maintenance", "Maintenance"),
    ("callout", "Call-Out"),
]
# Written by action_aftersales_sign only: the customer's signature on the spot.
SIGNATURE_FIELDS = frozenset(
    {"aftersales_signature", "aftersales_signed_by", "aftersales_signed_on"}
)


class FsmOrder(models.Model):
    _inherit = "fsm.order"

    aftersales_visit_type = fields.Selection(
        selection=VISIT_TYPES,
        string="Visit Type",
        index=True,
        tracking=True,
        help="What the after-sales visit is for; empty for field service "
        "orders outside the after-sales service.\n"
        "- Commissioning: installing and starting sold units at the customer's.\n"
        "- Repair: an on-site repair of a claim.\n"
        "- Maintenance: a periodic visit of a maintenance plan.\n"
        "- Call-Out: a paid visit at the customer's request.",
    )
    aftersales_claim_id = fields.Many2one(
        comodel_name="aftersales.claim",
        string="Claim",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        check_company=True,
        help="The warranty claim this visit repairs on site.",
    )
    aftersales_sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sale Order",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The sale whose units this visit installs or maintains.",
    )
    aftersales_lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        relation="fsm_order_aftersales_lot_rel",
        column1="order_id",
        column2="lot_id",
        string="Units",
        check_company=True,
        help="The serial numbers this visit works on (also listed as equipment).",
    )
    aftersales_commissioned_on = fields.Date(
        string="Commissioned On",
        tracking=True,
        copy=False,
        help="The day the units were put into service: their warranty starts "
        "on it when their terms start on commissioning.",
    )
    aftersales_signature = fields.Binary(
        string="Customer Signature",
        attachment=True,
        copy=False,
        readonly=True,
    )
    aftersales_signed_by = fields.Char(
        string="Signer Name", copy=False, readonly=True, tracking=True
    )
    aftersales_signed_on = fields.Datetime(
        string="Signature Date", copy=False, readonly=True, tracking=True
    )
    aftersales_revisit_of_id = fields.Many2one(
        comodel_name="fsm.order",
        string="Revisit Of",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The earlier visit this one follows up.",
    )
    aftersales_dealer_id = fields.Many2one(
        comodel_name="res.partner",
        string="Dealer Service Point",
        index="btree_not_null",
        tracking=True,
        help="The dealer's service point that makes this visit.",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("aftersales_signing"):
            self._check_signature_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get("aftersales_signing"):
            self._check_signature_fields([vals])
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_aftersales_claim(self):
        """The claim this visit repairs."""
        self.ensure_one()
        return self.env["aftersales.workflow.mixin"]._documents_action(
            self.aftersales_claim_id,
            self.aftersales_claim_id.name,
            "aftersales_service.aftersales_claim_action",
        )

    def action_aftersales_sign(self, signature, name):
        """The customer signs the visit on the spot: ``signature`` (a base64
        image) and the signer's ``name``. A visit is signed once."""
        self.ensure_one()
        name = (name or "").strip()
        if not signature or not name:
            raise UserError(
                self.env._(
                    "Visit %(visit)s: give the signature and the name of the "
                    "person who signs.",
                    visit=self.name,
                )
            )
        self.check_access("write")
        # Two phones may send the signature at the same moment: the row is
        # locked so that the second one finds the first signature.
        self.env.cr.execute(
            SQL(
                "SELECT aftersales_signed_on FROM fsm_order WHERE id = %s FOR UPDATE",
                self.id,
            )
        )
        self.invalidate_recordset(["aftersales_signed_on", "aftersales_signed_by"])
        if self.aftersales_signed_on:
            raise UserError(
                self.env._(
                    "Visit %(visit)s is already signed by %(name)s on %(date)s: a "
                    "signature cannot be replaced.",
                    visit=self.name,
                    name=self.aftersales_signed_by,
                    date=fields.Datetime.to_string(self.aftersales_signed_on),
                )
            )
        if self.stage_id == self.env.ref("fieldservice.fsm_stage_cancelled"):
            raise UserError(
                self.env._(
                    "Visit %(visit)s is cancelled: it cannot be signed.",
                    visit=self.name,
                )
            )
        self.with_context(aftersales_signing=True).write(
            {
                "aftersales_signature": signature,
                "aftersales_signed_by": name,
                "aftersales_signed_on": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=self.env._("Signed by %(name)s on site.", name=name),
        )
        return True

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _check_signature_fields(self, vals_list):
        """Refuse signature values written otherwise than by signing."""
        if SIGNATURE_FIELDS & {key for vals in vals_list for key in vals}:
            raise UserError(
                self.env._(
                    "The customer's signature is given with the Sign button "
                    "only; it cannot be written."
                )
            )
