# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class FsmEquipment(models.Model):
    _inherit = "fsm.equipment"

    @api.model
    def _aftersales_for_lots(self, lots, location, owner):
        """The equipment of each of ``lots`` (its own, or created in one
        batch), now at ``location`` and owned by ``owner``."""
        lots = lots.sudo()
        missing = lots.filtered(lambda lot: not lot.fsm_equipment_id)
        if missing:
            # Equipment names are unique across companies.
            names = {
                lot: f"{lot.product_id.display_name} ({lot.name})" for lot in missing
            }
            taken = set(
                self.sudo()
                .with_context(active_test=False)
                .search([("name", "in", list(names.values()))])
                .mapped("name")
            )
            self.sudo().create(
                [
                    {
                        "name": names[lot]
                        if names[lot] not in taken
                        else f"{names[lot]} [{lot.company_id.name or lot.id}]",
                        "product_id": lot.product_id.id,
                        "lot_id": lot.id,
                        "company_id": (lot.company_id or self.env.company).id,
                    }
                    for lot in missing
                ]
            )
        equipment = lots.fsm_equipment_id
        moved = equipment.filtered(
            lambda e: e.current_location_id != location or e.owned_by_id != owner
        )
        if moved:
            moved.write(
                {
                    "location_id": location.id,
                    "current_location_id": location.id,
                    "owned_by_id": owner.id,
                }
            )
        return equipment
