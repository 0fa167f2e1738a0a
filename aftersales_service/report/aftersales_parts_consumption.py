# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models, tools
from odoo.tools import SQL

from .aftersales_claim_analysis import COST_GROUP


class AftersalesPartsConsumption(models.Model):
    """One line per part consumed by a repair, with what the kit of the
    claim's failure says it should take and what it cost."""

    _name = "aftersales.parts.consumption"
    _description = "Repair Parts Consumption"
    _auto = False
    _order = "date desc"
    _rec_name = "part_id"

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    part_id = fields.Many2one(comodel_name="product.product", readonly=True)
    product_id = fields.Many2one(
        comodel_name="product.product", string="Repaired Product", readonly=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    repair_id = fields.Many2one(comodel_name="repair.order", readonly=True)
    claim_id = fields.Many2one(comodel_name="aftersales.claim", readonly=True)
    failure_code_id = fields.Many2one(
        comodel_name="aftersales.failure.code",
        help="The first failure code of the claim.",
        readonly=True,
    )
    under_warranty = fields.Boolean(readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    standard_quantity = fields.Float(
        string="Kit Quantity",
        digits="Product Unit of Measure",
        readonly=True,
        help="What the kit of the failure plans for this part.",
    )
    # Costs are for managers, as in the claim analysis.
    cost = fields.Float(
        readonly=True, groups=COST_GROUP, help="Quantity times the part's cost."
    )
    warranty_cost = fields.Float(
        string="Warranty Parts Cost",
        readonly=True,
        groups=COST_GROUP,
        help="The cost of the parts of repairs under warranty.",
    )

    def init(self):
        # A view rather than stored lines: the moves are the truth, and the
        # analysis groups them in one query whatever their number.
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
                WITH part AS (
                    SELECT sm.id, sm.date, sm.company_id, sm.product_id AS part_id,
                           ro.product_id, pt.categ_id AS product_categ_id,
                           ro.id AS repair_id, ro.aftersales_claim_id AS claim_id,
                           ro.under_warranty, sm.product_qty AS quantity,
                           (SELECT min(rel.aftersales_failure_code_id)
                              FROM aftersales_claim_aftersales_failure_code_rel rel
                             WHERE rel.aftersales_claim_id = ro.aftersales_claim_id
                           ) AS failure_code_id,
                           sm.product_qty * COALESCE(
                               (pp.standard_price ->> sm.company_id::text)::numeric, 0
                           ) AS cost
                      FROM stock_move sm
                      JOIN repair_order ro ON ro.id = sm.repair_id
                      JOIN product_product pp ON pp.id = sm.product_id
                      JOIN product_product rp ON rp.id = ro.product_id
                      JOIN product_template pt ON pt.id = rp.product_tmpl_id
                     WHERE sm.repair_line_type = 'add' AND sm.state = 'done'
                )
                SELECT part.*,
                       CASE WHEN part.under_warranty THEN part.cost ELSE 0 END
                           AS warranty_cost,
                       (SELECT line.quantity
                          FROM aftersales_parts_kit_line line
                          JOIN aftersales_parts_kit kit ON kit.id = line.kit_id
                         WHERE line.product_id = part.part_id
                           AND kit.active
                           AND (kit.company_id IS NULL
                                OR kit.company_id = part.company_id)
                           AND kit.failure_code_id = part.failure_code_id
                           AND (kit.product_id = part.product_id
                                OR kit.product_id IS NULL)
                         ORDER BY kit.product_id NULLS LAST, kit.id
                         LIMIT 1) AS standard_quantity
                  FROM part
            )
            """,
                SQL.identifier(self._table),
            )
        )
