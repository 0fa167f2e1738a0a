# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    aftersales_warranty_months = fields.Integer(
        string="Supplier Warranty (months)",
        help="How long this vendor answers for a defect of what it sold us, "
        "counted from our receipt: a defective unit or part within it can be "
        "claimed back from the vendor.",
    )

    _sql_constraints = [
        (
            "aftersales_warranty_months_positive",
            "CHECK(aftersales_warranty_months >= 0)",
            "A supplier warranty cannot be negative.",
        ),
    ]
