# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FsmPerson(models.Model):
    _inherit = "fsm.person"

    aftersales_van_location_id = fields.Many2one(
        "stock.location",
        string="Van Stock",
        domain="[('usage', '=', 'internal')]",
        index=True,
        help="The technician's own stock: the parts used on their visits are "
        "taken from here.",
    )

    @api.constrains("aftersales_van_location_id")
    def _check_aftersales_van_location(self):
        vans = self.aftersales_van_location_id
        if not vans:
            return
        sharing = self.sudo().read_group(
            [("aftersales_van_location_id", "in", vans.ids)],
            ["aftersales_van_location_id"],
            ["aftersales_van_location_id"],
        )
        for group in sharing:
            if group["aftersales_van_location_id_count"] > 1:
                raise ValidationError(
                    self.env._(
                        "The van stock %(location)s already belongs to another "
                        "technician.",
                        location=group["aftersales_van_location_id"][1],
                    )
                )
