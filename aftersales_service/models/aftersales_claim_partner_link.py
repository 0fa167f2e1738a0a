# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The claim's dealer and supplier claims: links, counts and recovery."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .aftersales_claim import STAFF
from .stock_lot import NO_ORIGIN


class AftersalesClaimPartnerLink(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

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

    can_supplier_claim = fields.Boolean(compute="_compute_can_steps")
    supplier_recovery_possible = fields.Boolean(
        compute="_compute_supplier_recovery_possible",
        groups=STAFF,
        help="The unit came from a vendor whose warranty still runs.",
    )

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

    def _get_step_states(self):
        return {
            **super()._get_step_states(),
            "supplier_claim": ("received", "diagnosis", "in_repair", "ready"),
        }

    def action_view_supplier_claims(self):
        """The claim's supplier claims."""
        self.ensure_one()
        return self._documents_action(
            self.supplier_claim_ids,
            self.name,
            "aftersales_service.aftersales_supplier_claim_action",
            {"default_claim_id": self.id},
        )

    def action_view_dealer_claims(self):
        """The dealer's reimbursement claims for the claim."""
        self.ensure_one()
        return self._documents_action(
            self.dealer_claim_ids,
            self.name,
            "aftersales_service.aftersales_dealer_claim_action",
            {"default_claim_id": self.id},
        )

    def action_open_supplier_claim(self):
        """A supplier claim for the claimed unit (or, changed there, for one
        of the parts of its repair)."""
        self.ensure_one()
        self._check_step("supplier_claim", self.env._("claim from the supplier for"))
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
