# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Claims handled at the customer's site: their visits."""

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .aftersales_claim import OPEN_STATES


class AftersalesClaimOnsite(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    handling = fields.Selection(
        selection=[("workshop", "In the Workshop"), ("onsite", "On Site")],
        required=True,
        default="workshop",
        tracking=True,
        help="- In the Workshop: the item comes to the reception and goes back "
        "to the customer.\n"
        "- On Site: a technician repairs the unit at the customer's; the item "
        "stays there.",
    )
    fsm_order_ids = fields.One2many(
        comodel_name="fsm.order",
        inverse_name="aftersales_claim_id",
        string="Visits",
    )
    fsm_order_count = fields.Integer(
        string="Visit Count", compute="_compute_fsm_order_count"
    )

    @api.depends("fsm_order_ids")
    def _compute_fsm_order_count(self):
        counts = dict(
            self.env["fsm.order"]
            .sudo()
            ._read_group(
                [("aftersales_claim_id", "in", self.ids)],
                groupby=["aftersales_claim_id"],
                aggregates=["__count"],
            )
        )
        for claim in self:
            claim.fsm_order_count = counts.get(claim, 0)

    def action_view_fsm_orders(self):
        """The claim's visits."""
        self.ensure_one()
        return self._documents_action(
            self.fsm_order_ids,
            self.name,
            "aftersales_service.aftersales_fsm_order_action",
            {
                "default_aftersales_claim_id": self.id,
                "default_aftersales_visit_type": "repair",
                **self._documents_context(),
            },
        )

    def action_aftersales_create_visit(self):
        """Handle the claims on site: each gets a repair visit for its unit at
        the customer's site. A new claim is received on the spot (the item
        stays with the customer, no transfer): its legal deadline runs from
        then, as for an item brought to the reception."""
        for claim in self:
            if claim.state not in OPEN_STATES:
                claim._check_state(OPEN_STATES, self.env._("plan a visit for"))
            if not claim.lot_id:
                raise UserError(
                    self.env._(
                        "Claim %(claim)s: give the unit's serial number before "
                        "planning a visit.",
                        claim=claim.name,
                    )
                )
        self.filtered(lambda c: c.handling != "onsite").write({"handling": "onsite"})
        self.filtered(lambda c: c.state == "new").action_receive()
        sites = self.env["fsm.location"]._aftersales_for_sites(
            claim._aftersales_site() for claim in self
        )
        vals_list = []
        for claim in self:
            address, owner = claim._aftersales_site()
            location = sites[address, owner]
            equipment = self.env["fsm.equipment"]._aftersales_for_lots(
                claim.lot_id, location, owner
            )
            vals_list.append(claim._prepare_aftersales_visit_vals(location, equipment))
        visits = self.env["fsm.order"].create(vals_list)
        return self.env["fsm.order"]._aftersales_form_action(visits)

    def _aftersales_site(self):
        """(address, owner) of the customer's site where the unit is: the
        address it was delivered to, else the customer's."""
        self.ensure_one()
        owner = self.partner_id.commercial_partner_id
        return self.warranty_id.sudo().picking_id.partner_id or self.partner_id, owner

    def _prepare_aftersales_visit_vals(self, location, equipment):
        """The values of the on-site repair visit of this claim."""
        self.ensure_one()
        return {
            **self.env["fsm.order"]._prepare_aftersales_defaults(
                self.company_id, location
            ),
            "aftersales_visit_type": "repair",
            "aftersales_claim_id": self.id,
            "aftersales_lot_ids": [Command.set(self.lot_id.ids)],
            "aftersales_dealer_id": self.dealer_id.id,
            "equipment_ids": [Command.set(equipment.ids)],
            "location_id": location.id,
            "company_id": self.company_id.id,
            "description": (self.symptom and Markup("<p>%s</p>") % self.symptom)
            or False,
        }

    def _prepare_leg_transfer(self, leg):
        # The unit of a claim handled on site stays at the customer's: no
        # receipt, no return transfer.
        # An item received in the workshop before still goes back.
        received = self.sudo().picking_ids.filtered(
            lambda p: p.aftersales_leg == "receipt"
        )
        if self.handling == "onsite" and (
            leg == "receipt" or (leg == "return" and not received)
        ):
            return False
        return super()._prepare_leg_transfer(leg)

    def _close_onsite(self):
        """The unit was repaired on site and the last visit completed: the
        claim is resolved as a repair (warranty extended as the law says) and
        closed, by the claim's own steps."""
        for claim in self.filtered(lambda c: c.state == "new"):
            claim.action_receive()
        for claim in self:
            if claim.state == "in_repair":
                # A workshop repair order is open: the workshop closes it.
                continue
            if claim.state == "ready":
                claim.action_return()
                continue
            claim._write_workflow({"date_returned": fields.Datetime.now()})
            claim._extend_warranty()
            claim._write_workflow({"resolution": "repaired"})
            claim.action_done()
