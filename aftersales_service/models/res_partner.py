# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_warranty_count = fields.Integer(
        string="Warranty Count",
        compute="_compute_aftersales_warranty_count",
        groups="aftersales_service.group_aftersales_user,sales_team.group_sale_salesman",
    )

    aftersales_dealer_contract_ids = fields.One2many(
        comodel_name="aftersales.dealer.contract",
        inverse_name="partner_id",
        string="Dealer Service Contracts",
    )

    def _compute_aftersales_warranty_count(self):
        """Warranties of each partner and of its contacts."""
        groups = self.env["aftersales.warranty"]._read_group(
            [("partner_id", "child_of", self.commercial_partner_id.ids)],
            groupby=["partner_id"],
            aggregates=["__count"],
        )
        for partner in self:
            partner.aftersales_warranty_count = sum(
                count
                for owner, count in groups
                if partner in (owner, owner.commercial_partner_id)
            )

    def action_view_aftersales_warranties(self):
        self.ensure_one()
        return self.env["aftersales.warranty"]._action_open(
            [("partner_id", "child_of", self.id)],
            {"default_partner_id": self.id},
        )
