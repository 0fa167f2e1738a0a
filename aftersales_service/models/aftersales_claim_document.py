# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AftersalesClaimDocument(models.AbstractModel):
    _name = "aftersales.claim.document"
    _description = "Document of a Warranty Claim"

    aftersales_claim_id = fields.Many2one(
        comodel_name="aftersales.claim",
        string="Claim",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        copy=False,
        help="The warranty claim that made this document.",
    )
