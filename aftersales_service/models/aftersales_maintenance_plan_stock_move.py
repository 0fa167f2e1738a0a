# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import fields, models

from .aftersales_maintenance_plan import QUIET


class StockMove(models.Model):
    _inherit = "stock.move"  # pylint: disable=consider-merging-classes-inherited

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._aftersales_start_maintenance_plans()
        return moves

    def _aftersales_start_maintenance_plans(self):
        """Each serial unit delivered to a customer on an order that sells a
        maintenance plan gets a plan (as many units per plan line as its
        quantity), and the plan its visits of the coming year."""
        deliveries = self.filtered(
            lambda m: (
                m.state == "done"
                and m.sale_line_id
                and m.location_dest_id.usage == "customer"
                and m.location_id.usage != "customer"
            )
        )
        plan_lines = deliveries.sale_line_id.order_id.order_line.filtered(
            lambda line: (
                line.product_id.aftersales_service_kind == "maintenance_plan"
                and line.state == "sale"
            )
        )
        if not plan_lines:
            return self.env["aftersales.maintenance.plan"]
        plans = self.env["aftersales.maintenance.plan"].sudo().with_context(**QUIET)
        existing = plans.search_fetch(
            [("sale_line_id", "in", plan_lines.ids)], ["sale_line_id", "lot_id"]
        )
        taken = defaultdict(int)
        planned_lots = set()
        for plan in existing:
            taken[plan.sale_line_id] += 1
            planned_lots.add((plan.sale_line_id.id, plan.lot_id.id))
        today = fields.Date.context_today(self)
        vals_list = []
        for move in deliveries:
            order = move.sale_line_id.order_id
            lines = plan_lines.filtered(lambda line, o=order: line.order_id == o)
            for move_line in move.move_line_ids.filtered("lot_id"):
                for line in lines:
                    key = (line.id, move_line.lot_id.id)
                    if key in planned_lots or taken[line] >= line.product_uom_qty:
                        continue
                    planned_lots.add(key)
                    taken[line] += 1
                    vals_list.append(
                        move._prepare_aftersales_plan_vals(line, move_line, today)
                    )
        new_plans = plans.create(vals_list)
        new_plans._generate_visits()
        return new_plans

    def _prepare_aftersales_plan_vals(self, plan_line, move_line, date_start):
        self.ensure_one()
        return {
            "lot_id": move_line.lot_id.id,
            "partner_id": self.picking_id.partner_id.id
            or plan_line.order_id.partner_shipping_id.id,
            "product_id": plan_line.product_id.id,
            "sale_line_id": plan_line.id,
            "company_id": self.company_id.id,
            "date_start": date_start,
        }
