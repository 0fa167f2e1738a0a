# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class AftersalesPartsKit(models.Model):
    _name = "aftersales.parts.kit"
    _description = "Repair Parts Kit"
    _order = "failure_code_id, product_id, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    failure_code_id = fields.Many2one(
        comodel_name="aftersales.failure.code",
        required=True,
        index=True,
        ondelete="cascade",
        help="The failure this kit repairs.",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Repaired Product",
        index="btree_not_null",
        check_company=True,
        help="The product whose repair takes these parts. Empty: any product "
        "with this failure (a kit of the product itself wins).",
    )
    line_ids = fields.One2many(
        comodel_name="aftersales.parts.kit.line",
        inverse_name="kit_id",
        string="Parts",
        copy=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        default=lambda self: self.env.company,
    )

    @api.model
    def _for_repairs(self, repairs):
        """The kits that suit each repair: per failure code of its claim, the
        kit of the repaired product, else the generic one."""
        claims = repairs.aftersales_claim_id
        kits = self.search(
            [
                ("failure_code_id", "in", claims.failure_code_ids.ids),
                ("product_id", "in", [*repairs.product_id.ids, False]),
                ("company_id", "in", [*repairs.company_id.ids, False]),
            ]
        )
        result = {}
        for repair in repairs:
            chosen = self.browse()
            for code in repair.aftersales_claim_id.failure_code_ids:
                candidates = kits.filtered(
                    lambda k, code=code, repair=repair: (
                        k.failure_code_id == code
                        and k.product_id
                        in (repair.product_id, self.env["product.product"])
                        and k.company_id in (repair.company_id, self.env["res.company"])
                    )
                )
                chosen |= candidates.sorted(lambda k: not k.product_id)[:1]
            result[repair] = chosen
        return result


class AftersalesPartsKitLine(models.Model):
    _name = "aftersales.parts.kit.line"
    _description = "Repair Parts Kit Line"
    _order = "kit_id, sequence, id"
    _check_company_auto = True

    kit_id = fields.Many2one(
        comodel_name="aftersales.parts.kit",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Part",
        required=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
    )
    # Stored for the company record rule and the company checks.
    company_id = fields.Many2one(
        related="kit_id.company_id", store=True, index=True, precompute=True
    )
    quantity = fields.Float(
        default=1.0, required=True, digits="Product Unit of Measure"
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id")

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "A kit's part quantity must be positive.",
        ),
    ]
