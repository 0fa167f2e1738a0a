# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: the planning of one week, against fieldservice's own views.

Generates 50 technicians and 10,000 open visits (10 weeks of 4 visits a day
each, some of them double booked or in the evening), computes their planning
conflicts in one batch, then times, as a planner (record rules apply), warm,
median of five runs, what the web client asks when it opens:
- ours: the planning calendar on one week (``search_read`` of the week, as
  the calendar view does) and the planning list of the week
  (``web_search_read``, 80 rows, conflicts and territory included);
- fieldservice's: its order list (``web_search_read`` of its list view, 80
  rows, the menu Field Service > Operations > Orders) and its calendar on the
  same week.
Ratios side by side (goal: ours within 1.2x of theirs). Everything is rolled
back. Usage:
    python bench/bench_planning.py -c ODOO_CONF -d DATABASE
"""

import argparse
import statistics
import time
from datetime import datetime, timedelta

import odoo
from odoo.tools import SQL

MONDAY = datetime(2031, 1, 6)
HOURS = (8, 10, 13, 15)

OUR_CALENDAR_FIELDS = [
    "display_name",
    "scheduled_date_start",
    "scheduled_date_end",
    "aftersales_planning_color",
    "person_id",
    "team_id",
    "aftersales_visit_type",
    "location_id",
    "stage_id",
    "aftersales_conflict_note",
]
THEIR_CALENDAR_FIELDS = [
    "display_name",
    "scheduled_date_start",
    "scheduled_duration",
    "stage_id",
    "name",
    "location_id",
    "phone",
    "person_id",
    "team_id",
    "person_phone",
    "city",
    "state_name",
]
M2O = {"fields": {"display_name": {}}}
OUR_LIST_SPEC = {
    "scheduled_date_start": {},
    "scheduled_date_end": {},
    "sequence": {},
    "person_id": M2O,
    "name": {},
    "aftersales_visit_type": {},
    "location_id": M2O,
    "territory_id": M2O,
    "team_id": M2O,
    "stage_id": M2O,
    "aftersales_conflict": {},
    "aftersales_is_open": {},
    "aftersales_conflict_note": {},
}
THEIR_LIST_SPEC = {
    "scheduled_date_start": {},
    "name": {},
    "location_id": M2O,
    "person_id": M2O,
    "stage_id": M2O,
    "company_id": M2O,
}


def generate(env, technicians, visits):
    """``technicians`` workers, ``visits`` open visits in SQL (for speed),
    then their conflicts computed by the ORM in one batch."""
    calendar = env["resource.calendar"].create(
        {
            "name": "Bench technicians",
            "tz": "UTC",
            "attendance_ids": [
                (
                    0,
                    0,
                    {
                        "name": f"Day {day}",
                        "dayofweek": str(day),
                        "hour_from": 8.0,
                        "hour_to": 17.0,
                        "day_period": "morning",
                    },
                )
                for day in range(5)
            ],
        }
    )
    territory = env["res.territory"].create({"name": "Bench territory"})
    persons = env["fsm.person"].create(
        [
            {
                "name": f"Bench technician {i}",
                "calendar_id": calendar.id,
                "territory_ids": [(6, 0, territory.ids)],
            }
            for i in range(technicians)
        ]
    )
    customer = env["res.partner"].create({"name": "Bench site owner"})
    locations = env["fsm.location"].create(
        [
            {
                "name": f"Bench site {i}",
                "owner_id": customer.id,
                "territory_id": territory.id,
            }
            for i in range(100)
        ]
    )
    team = env["fsm.team"].search([], limit=1)
    stage = env.ref("fieldservice.fsm_stage_new")
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    per_day = len(HOURS)
    env.flush_all()
    # Visit i: technician i % n, slot (i // n) % 4 of day (i // n) // 4 of
    # the working days from MONDAY; every 97th is moved one hour earlier
    # (double booked), every 89th to the evening (outside working hours).
    env.cr.execute(
        SQL(
            """
            INSERT INTO fsm_order (name, location_id, team_id, stage_id,
                company_id, warehouse_id, person_id, priority, sequence,
                aftersales_visit_type, aftersales_is_open,
                scheduled_date_start, scheduled_date_end, scheduled_duration,
                request_early, create_date, write_date, create_uid, write_uid)
            SELECT 'BENCH-PLAN/' || v.i, (%(locations)s::int[])[1 + mod(v.i, 100)],
                %(team)s, %(stage)s, %(company)s, %(warehouse)s,
                (%(persons)s::int[])[1 + mod(v.i, %(n)s)], '0', 1 + v.slot,
                (ARRAY['commissioning', 'repair', 'maintenance', 'callout'])
                    [1 + mod(v.i, 4)],
                true, v.start, v.start + interval '2 hours', 2.0,
                now(), now(), now(), 1, 1
            FROM (
                SELECT i, mod(i / %(n)s, %(per_day)s) AS slot,
                    %(monday)s::timestamp
                    + ((i / %(n)s / %(per_day)s) / 5 * 7
                       + mod(i / %(n)s / %(per_day)s, 5)) * interval '1 day'
                    + (CASE WHEN mod(i, 89) = 0 THEN 18
                            ELSE (%(hours)s::int[])[1 + mod(i / %(n)s, %(per_day)s)]
                       END) * interval '1 hour'
                    - (CASE WHEN mod(i, 97) = 0 THEN 1 ELSE 0 END) * interval '1 hour'
                    AS start
                FROM generate_series(0, %(visits)s - 1) i
            ) v
            """,
            locations=locations.ids,
            team=team.id,
            stage=stage.id,
            company=env.company.id,
            warehouse=warehouse.id,
            persons=persons.ids,
            n=technicians,
            per_day=per_day,
            monday=MONDAY,
            hours=list(HOURS),
            visits=visits,
        )
    )
    env.cr.execute("ANALYZE fsm_order")
    orders = env["fsm.order"].search([("name", "=like", "BENCH-PLAN/%")])
    before, start = env.cr.sql_log_count, time.perf_counter()
    for name in (
        "aftersales_conflict",
        "aftersales_conflict_note",
        "aftersales_planning_color",
    ):
        env.add_to_compute(env["fsm.order"]._fields[name], orders)
    env.flush_all()
    print(
        f"conflicts of {len(orders)} visits computed in one batch: "
        f"{time.perf_counter() - start:.1f} s, {env.cr.sql_log_count - before} "
        f"queries; {orders.search_count([('aftersales_conflict', '=', True)])} in "
        "conflict"
    )
    return persons


def timed(function, runs=5):
    function()  # warm the caches once
    seconds = []
    for _i in range(runs):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--technicians", type=int, default=50)
    parser.add_argument("--visits", type=int, default=10_000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            start = time.perf_counter()
            persons = generate(env, args.technicians, args.visits)
            print(
                f"generated {args.technicians} technicians and {args.visits} open "
                f"visits in {time.perf_counter() - start:.0f} s"
            )
            planner = env["res.users"].create(
                {
                    "name": "Bench planner",
                    "login": "bench_planner",
                    "groups_id": [
                        (4, env.ref("aftersales_service.group_aftersales_user").id),
                        (4, env.ref("fieldservice.group_fsm_dispatcher").id),
                    ],
                }
            )
            orders = env["fsm.order"].with_user(planner)
            end = MONDAY + timedelta(days=7)
            our_week = [
                ("aftersales_is_open", "=", True),
                ("scheduled_date_start", "<=", end),
                ("scheduled_date_end", ">=", MONDAY),
                ("person_id", "in", persons.ids),
            ]
            their_week = [
                ("scheduled_date_start", "<=", end),
                ("scheduled_date_start", ">=", MONDAY),
            ]

            def run(function):
                def measured():
                    orders.env.invalidate_all()
                    return function()

                return timed(measured)

            figures = {
                "our calendar, one week": run(
                    lambda: orders.search_read(our_week, OUR_CALENDAR_FIELDS)
                ),
                "our list, one week": run(
                    lambda: orders.web_search_read(
                        our_week,
                        OUR_LIST_SPEC,
                        order="scheduled_date_start, sequence",
                        limit=80,
                        count_limit=10001,
                    )
                ),
                "their order list": run(
                    lambda: orders.web_search_read(
                        [],
                        THEIR_LIST_SPEC,
                        order="scheduled_date_start",
                        limit=80,
                        count_limit=10001,
                    )
                ),
                "their calendar, one week": run(
                    lambda: orders.search_read(their_week, THEIR_CALENDAR_FIELDS)
                ),
            }
            week_count = len(orders.search(our_week))
            print(f"visits in the week: {week_count}")
            for label, ms in figures.items():
                print(f"{label:28} {ms:8.1f} ms")
            their_list = figures["their order list"]
            our_calendar = figures["our calendar, one week"]
            print(
                "ratios (goal <= 1.2): "
                f"our calendar / their list {our_calendar / their_list:.2f}; "
                "our list / their list "
                f"{figures['our list, one week'] / their_list:.2f}; "
                "our calendar / their calendar "
                f"{our_calendar / figures['their calendar, one week']:.2f}"
            )
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
