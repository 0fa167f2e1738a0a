# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Claims handled at the customer's site: their visits."""

from odoo import api, fields, models


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
