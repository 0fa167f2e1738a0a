# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AftersalesClaimType(models.Model):
    """The kinds of claims (those of ``aftersales.claim.claim_type``) as
    records, for contracts that allow some of them."""

    _name = "aftersales.claim.type"
    _description = "Claim Type"
    _order = "sequence, id"

    code = fields.Char(required=True, readonly=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each claim type exists once."),
    ]
