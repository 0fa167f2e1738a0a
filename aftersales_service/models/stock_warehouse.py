# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _aftersales_repair_location(self):
        """The internal location where claimed items wait for their repair."""
        self.ensure_one()
        location = self.env["stock.location"].search(
            [
                ("location_id", "=", self.view_location_id.id),
                ("aftersales_repair", "=", True),
            ],
            limit=1,
        )
        return location or self.env["stock.location"].create(
            {
                "name": self.env._("After-Sales"),
                "location_id": self.view_location_id.id,
                "usage": "internal",
                "aftersales_repair": True,
                "company_id": self.company_id.id,
            }
        )
