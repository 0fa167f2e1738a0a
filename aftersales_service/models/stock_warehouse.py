# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    aftersales_loaner_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Loaner Location",
        check_company=True,
        domain="[('usage', '=', 'internal'), ('company_id', '=', company_id)]",
        help="Where this warehouse keeps its loaner units between loans. "
        "Created with the warehouse.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        for warehouse in warehouses:
            warehouse._aftersales_loaner_location()
        return warehouses

    def _aftersales_repair_location(self):
        """The internal location where claimed items wait for their repair."""
        self.ensure_one()
        return self._aftersales_own_location(
            "aftersales_repair", self.env._("After-Sales")
        )

    def _aftersales_loaner_location(self):
        """The internal location of this warehouse's loaner units (created
        the first time it is needed)."""
        self.ensure_one()
        if not self.aftersales_loaner_location_id:
            self.sudo().aftersales_loaner_location_id = self._aftersales_own_location(
                "aftersales_loaner", self.env._("Loaners")
            )
        return self.aftersales_loaner_location_id

    def _aftersales_own_location(self, flag, name):
        """The internal location of this warehouse marked with ``flag``,
        created under the warehouse (outside its stock, so that sales never
        take from it) when missing."""
        location = self.env["stock.location"].search(
            [("location_id", "=", self.view_location_id.id), (flag, "=", True)],
            limit=1,
        )
        return location or self.env["stock.location"].sudo().create(
            {
                "name": name,
                "location_id": self.view_location_id.id,
                "usage": "internal",
                flag: True,
                "company_id": self.company_id.id,
            }
        )
