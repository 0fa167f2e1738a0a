# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tools import float_round

from .aftersales_parts_forecast import MANAGER_GROUP


class AftersalesPartsForecastLine(models.TransientModel):
    """A part and its expected use, month by month, beside its stock and
    its reordering rule; or, without a part, a product sold whose claims
    gave no figure, and why."""

    _name = "aftersales.parts.forecast.line"
    _description = "Spare Parts Forecast Line"
    _order = "forecast_id, sequence, id"
    _rec_name = "part_id"
    _check_company_auto = True

    forecast_id = fields.Many2one(
        comodel_name="aftersales.parts.forecast",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="forecast_id.company_id", store=True, index=True, precompute=True
    )
    warehouse_id = fields.Many2one(related="forecast_id.warehouse_id")
    sequence = fields.Integer(default=10)
    part_id = fields.Many2one(comodel_name="product.product", readonly=True)
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product Sold",
        readonly=True,
        help="For a line without a part: the product whose claims gave no figure.",
    )
    reason = fields.Selection(
        selection=[
            ("no_units", "No units in service: no claims to forecast"),
            ("no_age", "An age no unit reached: no claim rate to forecast from"),
            (
                "no_claims",
                "No past claim with a failure code: nothing to split the claims by",
            ),
            ("no_parts", "No parts kit and no past repair for its failure codes"),
        ],
        string="No Figure Because",
        readonly=True,
    )
    uom_id = fields.Many2one(related="part_id.uom_id", string="Unit")
    qty_month_1 = fields.Float(
        string="Month 1", digits="Product Unit of Measure", readonly=True
    )
    qty_month_2 = fields.Float(
        string="Month 2", digits="Product Unit of Measure", readonly=True
    )
    qty_month_3 = fields.Float(
        string="Month 3", digits="Product Unit of Measure", readonly=True
    )
    qty_total = fields.Float(
        string="Expected Use",
        digits="Product Unit of Measure",
        readonly=True,
        help="The expected use over the next three months.",
    )
    qty_available = fields.Float(
        string="On Hand",
        digits="Product Unit of Measure",
        readonly=True,
        help="In the warehouse when the forecast was made.",
    )
    incoming_qty = fields.Float(
        string="Incoming",
        digits="Product Unit of Measure",
        readonly=True,
        help="Expected in the warehouse (receipts not yet done).",
    )
    orderpoint_id = fields.Many2one(
        comodel_name="stock.warehouse.orderpoint",
        string="Reordering Rule",
        readonly=True,
    )
    product_min_qty = fields.Float(
        related="orderpoint_id.product_min_qty", string="Current Minimum"
    )
    source = fields.Selection(
        selection=[
            ("kit", "Kit"),
            ("repairs", "Past repairs"),
            ("both", "Kit and past repairs"),
        ],
        readonly=True,
        help="Where the parts per claim come from: the failure code's kit, "
        "the parts its past repairs consumed, or each for some of the "
        "failures.",
    )
    extrapolated = fields.Boolean(
        readonly=True,
        help="Some claims come from ages beyond those observed so far "
        "(extrapolated claim rate).",
    )
    basis = fields.Text(
        string="Based On",
        readonly=True,
        help="The products and failure codes the figure comes from.",
    )
    # Costs are for managers, as in the claim analysis.
    expected_cost = fields.Float(
        compute="_compute_expected_cost",
        groups=MANAGER_GROUP,
        help="The expected use times the part's cost.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("part_id", "qty_total")
    def _compute_expected_cost(self):
        for line in self:
            part = line.part_id.with_company(line.company_id)
            line.expected_cost = line.qty_total * part.standard_price

    def action_apply_orderpoints(self):
        """Write the three months' expected use, rounded up in the part's
        unit, as the minimum of the part's reordering rule in the
        warehouse's stock; a rule is created where there is none."""
        orderpoints, unstocked = self._apply_orderpoints()
        messages = [
            self.env._(
                "Minimums written on %(count)s reordering rules.",
                count=len(orderpoints),
            ),
            *self._unstocked_messages(unstocked),
        ]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if unstocked else "success",
                "message": " ".join(messages),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_order(self):
        """Apply the figures to the reordering rules, then let Odoo's
        procurement replenish them (requests for quotation to the vendors
        on the buy route). Parts Odoo could not order are named with its
        reason; the others are ordered."""
        orderpoints, unstocked = self._apply_orderpoints()
        company = self.company_id[:1]
        errors = {}
        # One rule at a time: Odoo's replenishment stops at the first part it
        # cannot order (no vendor, no route); the others are still ordered.
        for orderpoint in orderpoints.with_company(company):
            try:
                with self.env.cr.savepoint():
                    orderpoint.action_replenish()
            except (UserError, RedirectWarning) as error:
                errors[orderpoint] = error.args[0]
        purchases = (
            self.env["purchase.order.line"]
            .search([("orderpoint_id", "in", orderpoints.ids), ("state", "=", "draft")])
            .order_id
        )
        messages = self._unstocked_messages(unstocked)
        if purchases:
            messages.append(
                self.env._(
                    "Requests for quotation: %(orders)s.",
                    orders=", ".join(purchases.mapped("name")),
                )
            )
        elif not errors:
            messages.append(
                self.env._(
                    "Nothing to order: stock on hand and incoming cover the minimums."
                )
            )
        if errors:
            messages.append(
                self.env._(
                    "Not ordered: %(parts)s.",
                    parts="; ".join(
                        f"{orderpoint.product_id.display_name} ({error})"
                        for orderpoint, error in errors.items()
                    ),
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if errors or unstocked else "success",
                "sticky": bool(errors),
                "message": " ".join(messages),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # Helpers

    def _apply_orderpoints(self):
        """The parts' reordering rules in the warehouse, their minimums set
        to the expected use (see ``action_apply_orderpoints``), and the
        lines of the parts not kept in stock, which have no rule."""
        lines = self._check_can_order()
        unstocked = lines.filtered(lambda line: not line.part_id.is_storable)
        lines -= unstocked
        orderpoints = self.env["stock.warehouse.orderpoint"]
        existing = {
            (orderpoint.product_id, orderpoint.warehouse_id): orderpoint
            for orderpoint in orderpoints.with_context(active_test=False).search(
                [
                    ("product_id", "in", lines.part_id.ids),
                    ("location_id", "in", lines.warehouse_id.lot_stock_id.ids),
                    ("company_id", "in", lines.company_id.ids),
                ]
            )
        }
        to_create = []
        for line in lines:
            minimum = line._rounded_minimum()
            orderpoint = existing.get((line.part_id, line.warehouse_id))
            if orderpoint:
                vals = {"product_min_qty": minimum}
                if orderpoint.product_max_qty < minimum:
                    vals["product_max_qty"] = minimum
                if not orderpoint.active:
                    vals["active"] = True
                orderpoint.write(vals)
                line.orderpoint_id = orderpoint
            else:
                to_create.append((line, line._prepare_orderpoint_vals(minimum)))
        created = orderpoints.create([vals for __, vals in to_create])
        for (line, __), orderpoint in zip(to_create, created, strict=True):
            line.orderpoint_id = orderpoint
        return lines.orderpoint_id, unstocked

    def _unstocked_messages(self, unstocked):
        if not unstocked:
            return []
        return [
            self.env._(
                "Not kept in stock, so without a reordering rule: %(parts)s.",
                parts=", ".join(unstocked.part_id.mapped("display_name")),
            )
        ]

    def _check_can_order(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only after-sales managers change the reordering rules.")
            )
        if not self.env["stock.warehouse.orderpoint"].has_access("write"):
            raise AccessError(
                self.env._(
                    "Changing reordering rules takes the Inventory "
                    "Administrator rights."
                )
            )
        lines = self.filtered("part_id")
        if not lines:
            raise UserError(self.env._("Select parts: these lines have no figure."))
        return lines

    def _rounded_minimum(self):
        """The expected use rounded up to a whole quantity of the part's
        unit (or to the unit's rounding, if coarser)."""
        return float_round(
            self.qty_total,
            precision_rounding=max(self.part_id.uom_id.rounding, 1.0),
            rounding_method="UP",
        )

    def _prepare_orderpoint_vals(self, minimum):
        return {
            "product_id": self.part_id.id,
            "warehouse_id": self.warehouse_id.id,
            "location_id": self.warehouse_id.lot_stock_id.id,
            "company_id": self.company_id.id,
            "product_min_qty": minimum,
            "product_max_qty": minimum,
        }
