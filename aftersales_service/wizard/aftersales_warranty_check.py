# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from ..models.aftersales_warranty import COVERAGES


class AftersalesWarrantyCheck(models.TransientModel):
    _name = "aftersales.warranty.check"
    _description = "Warranty Check"

    serial = fields.Char(string="Serial Number", required=True)
    product_id = fields.Many2one(
        comodel_name="product.product",
        help="Only needed when two products share the serial number.",
    )
    coverage = fields.Selection(
        selection=COVERAGES,
        compute="_compute_result",
    )
    known = fields.Boolean(compute="_compute_result")
    warranty_id = fields.Many2one(
        comodel_name="aftersales.warranty",
        compute="_compute_result",
    )
    policy_id = fields.Many2one(related="warranty_id.policy_id")
    partner_id = fields.Many2one(related="warranty_id.partner_id")
    date_start = fields.Date(related="warranty_id.date_start")
    date_end = fields.Date(related="warranty_id.date_end")
    warranty_ids = fields.Many2many(
        comodel_name="aftersales.warranty",
        string="All Warranties of the Unit",
        compute="_compute_result",
    )

    @api.depends("serial", "product_id")
    def _compute_result(self):
        warranties = self.env["aftersales.warranty"]
        for check in self:
            result = warranties.check_serial(check.serial, check.product_id.id)
            check.coverage = result["coverage"] if check.serial else False
            check.known = result["known"]
            check.warranty_id = result["warranty_id"]
            check.warranty_ids = [layer["warranty_id"] for layer in result["layers"]]
