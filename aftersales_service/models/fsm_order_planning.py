# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.resource.models.utils import Intervals

# What a change of these fields can move: the order's own conflicts and
# those of the technician's other visits at the same time.
PLANNING_FIELDS = {
    "person_id",
    "scheduled_date_start",
    "scheduled_date_end",
    "stage_id",
}


class FsmOrder(models.Model):
    """The planning of the visits: conflicts of their technicians."""

    # One file per concern, as Odoo core splits its large models.
    _inherit = "fsm.order"  # pylint: disable=consider-merging-classes-inherited

    # Searched by the planning (the week of a technician) and its conflicts.
    scheduled_date_start = fields.Datetime(index=True)
    scheduled_date_end = fields.Datetime(index=True)
    aftersales_conflict = fields.Boolean(
        string="Planning Conflict",
        compute="_compute_aftersales_conflict",
        store=True,
        index=True,
        help="The technician is booked twice at this time, the visit is "
        "outside the technician's working hours, territory or skills.",
    )
    aftersales_conflict_note = fields.Char(
        string="Conflict",
        compute="_compute_aftersales_conflict",
        store=True,
    )
    aftersales_planning_color = fields.Integer(
        string="Planning Colour",
        compute="_compute_aftersales_planning_color",
        store=True,
        help="The colour of the visit in the planning: red on a conflict, "
        "else the technician's.",
    )
    aftersales_is_open = fields.Boolean(
        string="Open Visit",
        compute="_compute_aftersales_is_open",
        store=True,
        index=True,
    )

    @api.depends("aftersales_conflict", "person_id")
    def _compute_aftersales_planning_color(self):
        for order in self:
            # Colour 1 is the planning's red: kept for conflicts.
            order.aftersales_planning_color = (
                1 if order.aftersales_conflict else 2 + order.person_id.id % 10
            )

    @api.depends("stage_id.is_closed")
    def _compute_aftersales_is_open(self):
        for order in self:
            order.aftersales_is_open = not order.stage_id.is_closed

    @api.depends(
        "person_id.calendar_id",
        "person_id.territory_ids",
        "person_id.category_ids",
        "scheduled_date_start",
        "scheduled_date_end",
        "aftersales_is_open",
        "territory_id",
        "category_ids",
    )
    def _compute_aftersales_conflict(self):
        overlaps = self._aftersales_overlaps()
        outside = self._aftersales_outside_hours()
        for order in self:
            notes = []
            if overlaps.get(order):
                notes.append(
                    self.env._(
                        "Booked twice: %(orders)s",
                        orders=", ".join(overlaps[order].sudo().mapped("name")),
                    )
                )
            if order in outside:
                notes.append(self.env._("Outside working hours"))
            person = order.person_id
            if order.aftersales_is_open and person:
                if (
                    order.territory_id
                    and person.territory_ids
                    and order.territory_id not in person.territory_ids
                ):
                    notes.append(self.env._("Outside the technician's territories"))
                if order.category_ids - person.category_ids:
                    notes.append(self.env._("Skills missing"))
            order.aftersales_conflict = bool(notes)
            order.aftersales_conflict_note = "; ".join(notes) or False

    def _aftersales_planned(self):
        """The orders that take a technician's time: open, assigned, with
        a start and an end."""
        return self.filtered(
            lambda order: (
                order.aftersales_is_open
                and order.person_id
                and order.scheduled_date_start
                and order.scheduled_date_end
                and order.scheduled_date_end > order.scheduled_date_start
            )
        )

    def _aftersales_overlaps(self):
        """Map each order to the other open orders of its technician that
        overlap it, in one search for the whole recordset."""
        planned = self._aftersales_planned()
        if not planned:
            return {}
        # Sudo: a technician's conflicts count the visits they cannot read.
        others = self.sudo().search(
            [
                ("person_id", "in", planned.person_id.ids),
                ("aftersales_is_open", "=", True),
                (
                    "scheduled_date_start",
                    "<",
                    max(planned.mapped("scheduled_date_end")),
                ),
                (
                    "scheduled_date_end",
                    ">",
                    min(planned.mapped("scheduled_date_start")),
                ),
            ]
        )
        by_person = defaultdict(list)
        for other in (others | planned)._aftersales_planned():
            by_person[other.person_id.id].append(
                (other.id, other.scheduled_date_start, other.scheduled_date_end)
            )
        # A sweep over each technician's visits by start: the visits still
        # running when one starts overlap it.
        overlapping = defaultdict(set)
        for visits in by_person.values():
            visits.sort(key=lambda visit: visit[1])
            running = []
            for visit_id, start, end in visits:
                running = [(stop, other) for stop, other in running if stop > start]
                for _stop, other in running:
                    overlapping[visit_id].add(other)
                    overlapping[other].add(visit_id)
                running.append((end, visit_id))
        return {order: self.browse(sorted(overlapping[order.id])) for order in planned}

    def _aftersales_outside_hours(self):
        """The orders not wholly inside their technician's working hours
        (the technician's schedule, else the company's), one computation of
        working intervals per schedule."""
        by_calendar = defaultdict(lambda: self.browse())
        for order in self._aftersales_planned():
            calendar = (
                order.person_id.calendar_id or order.company_id.resource_calendar_id
            )
            if calendar:
                by_calendar[calendar] |= order
        outside = self.browse()
        for calendar, orders in by_calendar.items():
            start = pytz.utc.localize(min(orders.mapped("scheduled_date_start")))
            end = pytz.utc.localize(max(orders.mapped("scheduled_date_end")))
            work = calendar._work_intervals_batch(start, end)[False]
            for order in orders:
                span = Intervals(
                    [
                        (
                            pytz.utc.localize(order.scheduled_date_start),
                            pytz.utc.localize(order.scheduled_date_end),
                            self.env["resource.calendar"],
                        )
                    ]
                )
                worked = sum(
                    (stop - begin).total_seconds() for begin, stop, _rec in span & work
                )
                needed = (
                    order.scheduled_date_end - order.scheduled_date_start
                ).total_seconds()
                if worked < needed - 1:
                    outside |= order
        return outside

    def init(self):
        # The planning asks "this technician's visits in this week" and the
        # conflicts "this technician's visits around this time": one index
        # on both columns answers both.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s "
                "(person_id, scheduled_date_start, scheduled_date_end)",
                SQL.identifier("fsm_order_aftersales_person_schedule_index"),
                SQL.identifier(self._table),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._aftersales_check_double_booking()
        orders._aftersales_recompute_neighbours()
        return orders

    def write(self, vals):
        planning = PLANNING_FIELDS & set(vals)
        if planning:
            # The visits that overlapped the old times lose a conflict.
            self._aftersales_recompute_neighbours()
        result = super().write(vals)
        if planning:
            if "person_id" in vals or "stage_id" in vals:
                self._aftersales_check_double_booking()
            self._aftersales_recompute_neighbours()
        return result

    def unlink(self):
        neighbours = self._aftersales_neighbours()
        result = super().unlink()
        self._aftersales_mark_conflicts(neighbours.exists())
        return result

    def _aftersales_neighbours(self):
        """The other open visits that overlap these ones now."""
        neighbours = self.browse()
        for others in self._aftersales_overlaps().values():
            neighbours |= others
        return neighbours - self

    def _aftersales_recompute_neighbours(self):
        self._aftersales_mark_conflicts(self._aftersales_neighbours())

    def _aftersales_mark_conflicts(self, orders):
        """Have the conflicts of ``orders`` computed again."""
        if orders:
            for name in ("aftersales_conflict", "aftersales_conflict_note"):
                self.env.add_to_compute(self._fields[name], orders)

    def _aftersales_check_double_booking(self):
        """Refuse to give a technician two visits at the same time."""
        for order, others in self._aftersales_overlaps().items():
            if others:
                raise ValidationError(
                    self.env._(
                        "%(person)s is already booked at this time (%(orders)s): "
                        "choose another time or technician for %(order)s.",
                        person=order.person_id.name,
                        orders=", ".join(others.sudo().mapped("name")),
                        order=order.name,
                    )
                )
