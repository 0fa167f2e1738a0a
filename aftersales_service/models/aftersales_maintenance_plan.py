# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

# How far ahead the plans' visits exist (a year), and how many plans one
# transaction of the cron handles.
HORIZON_DAYS = 365
BATCH_SIZE = 1000
# The hour (UTC) a generated visit is scheduled at; the planner moves it.
VISIT_HOUR = time(8, 0)
VISIT_HOURS = 1.0
# Visits are created for many units at once: no creation message, follower
# or tracking per visit.
QUIET = {
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "tracking_disable": True,
}


class AftersalesMaintenancePlan(models.Model):
    _name = "aftersales.maintenance.plan"
    _description = "Maintenance Plan"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _rec_name = "lot_id"
    _check_company_auto = True

    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Unit",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    unit_product_id = fields.Many2one(
        related="lot_id.product_id", string="Unit Product", store=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Plan",
        required=True,
        domain="[('aftersales_service_kind', '=', 'maintenance_plan')]",
        help="The maintenance plan service sold with the unit.",
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id", string="Sales Order", store=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    location_id = fields.Many2one(
        comodel_name="fsm.location",
        string="Service Location",
        help="Where the visits take place. Empty: the customer's location, "
        "found or created with the first visits.",
    )
    period_months = fields.Integer(
        string="Period (months)",
        required=True,
        default=12,
        help="A maintenance visit every this many months.",
    )
    visit_count = fields.Integer(
        string="Visits",
        required=True,
        default=1,
        help="How many visits the plan gives in all.",
    )
    date_start = fields.Date(
        string="Start",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The first visit is one period after this date.",
    )
    date_end = fields.Date(
        string="End",
        compute="_compute_dates",
        store=True,
        help="The date of the last visit of the plan.",
    )
    state = fields.Selection(
        selection=[
            ("active", "Active"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="active",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
        help="- Active: its visits are created ahead, a year at a time.\n"
        "- Done: every visit of the plan is created.\n"
        "- Cancelled: no more visits; the open ones are cancelled.",
    )
    visit_generated_count = fields.Integer(
        string="Visits Created",
        readonly=True,
        copy=False,
        help="How many of the plan's visits exist already (the next one "
        "created is the following).",
    )
    fsm_order_ids = fields.One2many(
        comodel_name="fsm.order",
        inverse_name="aftersales_maintenance_plan_id",
        string="Maintenance Visits",
        readonly=True,
    )
    fsm_order_count = fields.Integer(
        string="Visit Count", compute="_compute_fsm_order_count"
    )
    date_next_visit = fields.Date(
        string="Next Visit",
        compute="_compute_dates",
        store=True,
        help="The date of the next visit still to create.",
    )

    @api.depends("date_start", "period_months", "visit_count", "visit_generated_count")
    def _compute_dates(self):
        for plan in self:
            if not plan.date_start or plan.period_months <= 0:
                plan.date_end = plan.date_next_visit = False
                continue
            plan.date_end = plan._visit_date(plan.visit_count)
            following = plan.visit_generated_count + 1
            plan.date_next_visit = (
                plan._visit_date(following) if following <= plan.visit_count else False
            )

    def _compute_fsm_order_count(self):
        counts = dict(
            self.env["fsm.order"]
            .sudo()
            ._read_group(
                [("aftersales_maintenance_plan_id", "in", self.ids)],
                ["aftersales_maintenance_plan_id"],
                ["__count"],
            )
        )
        for plan in self:
            plan.fsm_order_count = counts.get(plan._origin, 0)

    @api.constrains("period_months", "visit_count")
    def _check_period_and_visits(self):
        for plan in self:
            if plan.period_months <= 0 or plan.visit_count <= 0:
                raise ValidationError(
                    self.env._(
                        "The maintenance plan of %(unit)s needs a period of at "
                        "least one month and at least one visit (period: "
                        "%(period)s, visits: %(visits)s).",
                        unit=plan.lot_id.display_name,
                        period=plan.period_months,
                        visits=plan.visit_count,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            product = self.env["product.product"].browse(vals.get("product_id"))
            vals.setdefault("period_months", product.aftersales_plan_period_months)
            vals.setdefault("visit_count", product.aftersales_plan_visit_count)
        return super().create(vals_list)

    def action_generate_visits(self):
        """Create now the visits of the coming year."""
        self.check_access("write")
        self.filtered(lambda p: p.state == "active").sudo()._generate_visits()
        return True

    def action_cancel(self):
        self.check_access("write")
        if self.filtered(lambda p: p.state != "active"):
            raise UserError(self.env._("Only an active maintenance plan is cancelled."))
        visits = self.sudo().fsm_order_ids.filtered(lambda o: not o.is_closed)
        visits.action_cancel()
        self.write({"state": "cancelled"})
        return True

    def action_view_fsm_orders(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Maintenance Visits"),
            "res_model": "fsm.order",
            "view_mode": "list,form",
            "domain": [("aftersales_maintenance_plan_id", "=", self.id)],
            "context": {"create": False},
        }

    @api.model
    def _cron_generate_visits(self, batch_size=BATCH_SIZE):
        """Daily: the active plans whose next visit falls within the horizon
        get their visits, ``batch_size`` plans per run; the cron runs again
        (in a new transaction) while plans remain."""
        horizon = fields.Date.context_today(self) + timedelta(days=HORIZON_DAYS)
        domain = [("state", "=", "active"), ("date_next_visit", "<=", horizon)]
        plans = self.search(domain, limit=batch_size, order="id")
        plans._generate_visits(horizon)
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(plans), remaining=remaining)
        return plans

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _visit_date(self, number):
        """The date of the ``number``-th visit (from 1)."""
        self.ensure_one()
        return self.date_start + relativedelta(months=self.period_months * number)

    def _generate_visits(self, horizon=None):
        """Create the visits of these plans up to ``horizon`` (a year from
        today by default), in one batch: the number of queries does not
        depend on the number of plans."""
        horizon = horizon or fields.Date.context_today(self) + timedelta(
            days=HORIZON_DAYS
        )
        plans = self.filtered(lambda p: p.state == "active")
        plans._assign_locations()
        orders = self.env["fsm.order"].sudo().with_context(**QUIET)
        stage = orders._aftersales_maintenance_stage()
        warehouses = orders._aftersales_default_warehouses(plans.company_id)
        vals_list, generated = [], {}
        for plan in plans:
            number = plan.visit_generated_count
            while number < plan.visit_count and plan._visit_date(number + 1) <= horizon:
                number += 1
                vals = plan._prepare_visit_vals(number, stage)
                vals["warehouse_id"] = warehouses.get(plan.company_id.id)
                vals_list.append(vals)
            generated[plan] = number
        names = orders._aftersales_reserve_names(len(vals_list))
        for vals, name in zip(vals_list, names, strict=True):
            vals["name"] = name
        visits = orders.create(vals_list)
        for plan, number in generated.items():
            if number != plan.visit_generated_count:
                plan.visit_generated_count = number
        plans.filtered(lambda p: p.visit_generated_count >= p.visit_count).write(
            {"state": "done"}
        )
        return visits

    def _prepare_visit_vals(self, number, stage):
        """The values of the ``number``-th visit of the plan."""
        self.ensure_one()
        scheduled = datetime.combine(self._visit_date(number), VISIT_HOUR)
        return {
            "aftersales_maintenance_plan_id": self.id,
            "aftersales_visit_type": "maintenance",
            "aftersales_lot_ids": [Command.set(self.lot_id.ids)],
            "equipment_ids": [Command.set(self.lot_id.fsm_equipment_id.ids)],
            "aftersales_sale_order_id": self.sale_order_id.id,
            "location_id": self.location_id.id,
            "company_id": self.company_id.id,
            "stage_id": stage.id,
            "scheduled_date_start": scheduled,
            "scheduled_duration": VISIT_HOURS,
            "request_early": scheduled,
            "description": self.env._(
                "Maintenance visit %(number)s of %(count)s (%(plan)s)",
                number=number,
                count=self.visit_count,
                plan=self.product_id.display_name,
            ),
        }

    def _assign_locations(self):
        """Give the plans without a service location the customer's site at
        their address (the one the commissioning used, or a new one) and
        their unit its equipment there, in one batch."""
        missing = self.filtered(lambda p: not p.location_id)
        if not missing:
            return
        sites = self.env["fsm.location"]._aftersales_for_sites(
            (plan.partner_id, plan.partner_id.commercial_partner_id) for plan in missing
        )
        for plan in missing:
            plan.location_id = sites[
                plan.partner_id, plan.partner_id.commercial_partner_id
            ]
        for (address, owner), location in sites.items():
            lots = missing.filtered(
                lambda p, a=address: p.partner_id == a
            ).lot_id.filtered(lambda lot: not lot.fsm_equipment_id)
            if lots:
                self.env["fsm.equipment"]._aftersales_for_lots(lots, location, owner)
