# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class FsmOrder(models.Model):
    _inherit = "fsm.order"  # pylint: disable=consider-merging-classes-inherited

    aftersales_maintenance_plan_id = fields.Many2one(
        comodel_name="aftersales.maintenance.plan",
        string="Maintenance Plan",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )

    @api.constrains("scheduled_date_start")
    def check_day(self):
        """fieldservice refuses a visit that holds a holiday, with a search
        per visit; a batch of visits (a plan's, many plans') is checked
        against the holidays of its whole span, in one search."""
        if len(self) <= 1:
            return super().check_day()
        scheduled = self.filtered("scheduled_date_start")
        ends = [v.scheduled_date_end for v in scheduled if v.scheduled_date_end]
        if not ends:
            return
        holidays = self.env["resource.calendar.leaves"].search_fetch(
            [
                ("date_from", ">=", min(scheduled.mapped("scheduled_date_start"))),
                ("date_to", "<=", max(ends)),
            ],
            ["name", "date_from", "date_to"],
        )
        if not holidays:
            return
        for visit in scheduled.filtered("scheduled_date_end"):
            holiday = holidays.filtered(
                lambda h, v=visit: (
                    h.date_from >= v.scheduled_date_start
                    and h.date_to <= v.scheduled_date_end
                )
            )[:1]
            if holiday:
                raise ValidationError(
                    self.env._(
                        "%(day)s is a holiday (%(holiday)s).",
                        day=visit.scheduled_date_start.date(),
                        holiday=holiday.name,
                    )
                )

    @api.model
    def _aftersales_maintenance_stage(self):
        """The stage new visits start in (fieldservice's default)."""
        return self.sudo()._default_stage_id()

    @api.model
    def _aftersales_default_warehouses(self, companies):
        """Company id -> its first warehouse (fieldservice_stock's default of
        an order, searched per order otherwise), in one search."""
        warehouses = {}
        for warehouse in (
            self.env["stock.warehouse"]
            .sudo()
            .search([("company_id", "in", companies.ids)], order="sequence, id")
        ):
            warehouses.setdefault(warehouse.company_id.id, warehouse.id)
        return warehouses

    @api.model
    def _aftersales_reserve_names(self, count):
        """``count`` numbers of the visits' sequence, taken in one query.

        fieldservice numbers each new order with its own ``next_by_code``
        call, a query per order; for the visits of many plans the numbers of
        a standard sequence are taken in one ``nextval`` over a series (SQL:
        the ORM has no batch form of it). Other sequences (without gaps, per
        date range) are asked one number at a time."""
        if not count:
            return []
        sequences = self.env["ir.sequence"].sudo()
        sequence = sequences.search(
            [
                ("code", "=", "fsm.order"),
                ("company_id", "in", [self.env.company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        if (
            not sequence
            or sequence.implementation != "standard"
            or sequence.use_date_range
        ):
            return [sequences.next_by_code("fsm.order") or "/" for __ in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            f"{prefix}{number:0{sequence.padding}d}{suffix}"
            for (number,) in self.env.cr.fetchall()
        ]
