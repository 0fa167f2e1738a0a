# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: a year of maintenance visits for many units under plans.

Side by side in one run, for units of one customer's site:
- ours: ``aftersales.maintenance.plan`` (a visit every 5 months, 4 visits),
  the daily cron's batches (1,000 plans each): time and queries per batch,
  and in all;
- OCA ``fieldservice_recurring``: an ``fsm.recurring`` per unit with the same
  frequency, ``_generate_orders()`` (what its daily cron calls), on fewer
  units (it takes a query-heavy path per recurring order), per unit.

Everything is rolled back. Usage:
    python bench/bench_maintenance_plan.py -c ODOO_CONF -d DATABASE
        [--units 10000] [--recurring 200]
"""

import argparse
import time
from datetime import datetime

import odoo


def make_plans(env, count):
    product = env["product.product"].create(
        {
            "name": "Bench maintenance plan",
            "type": "service",
            "aftersales_service_kind": "maintenance_plan",
            "aftersales_plan_period_months": 5,
            "aftersales_plan_visit_count": 4,
        }
    )
    unit = env["product.product"].create(
        {"name": "Bench boiler", "is_storable": True, "tracking": "serial"}
    )
    customer = env["res.partner"].create({"name": "Bench maintenance customer"})
    location = env["fsm.location"].create(
        {"name": "Bench site", "owner_id": customer.id}
    )
    lots = env["stock.lot"].create(
        [{"name": f"BENCH-MP-{i:06d}", "product_id": unit.id} for i in range(count)]
    )
    plans = env["aftersales.maintenance.plan"].create(
        [
            {
                "lot_id": lot.id,
                "partner_id": customer.id,
                "product_id": product.id,
                "location_id": location.id,
            }
            for lot in lots
        ]
    )
    env.flush_all()
    return plans, location


def bench_ours(env, plans, batch_size):
    """The daily cron's runs until no plan is left: per batch, time and
    queries."""
    model = env["aftersales.maintenance.plan"]
    batches = []
    env.invalidate_all()
    start = time.perf_counter()
    while True:
        before_q, before_t = env.cr.sql_log_count, time.perf_counter()
        done = model._cron_generate_visits(batch_size=batch_size)
        env.flush_all()
        if not done:
            break
        batches.append(
            (time.perf_counter() - before_t, env.cr.sql_log_count - before_q)
        )
        env.invalidate_all()
    total = time.perf_counter() - start
    visits = env["fsm.order"].search_count(
        [("aftersales_maintenance_plan_id", "in", plans.ids)]
    )
    return total, batches, visits


def bench_recurring(env, location, count):
    frequency = env["fsm.frequency"].create(
        {"name": "Bench every 5 months", "interval": 5, "interval_type": "monthly"}
    )
    frequency_set = env["fsm.frequency.set"].create(
        {
            "name": "Bench 5 months",
            "fsm_frequency_ids": [(6, 0, frequency.ids)],
            "schedule_days": 365,
        }
    )
    recurrings = env["fsm.recurring"].create(
        [
            {
                "location_id": location.id,
                "fsm_frequency_set_id": frequency_set.id,
                "max_orders": 4,
                "start_date": datetime.now(),
                "state": "progress",
            }
            for __ in range(count)
        ]
    )
    env.flush_all()
    env.invalidate_all()
    before_q, start = env.cr.sql_log_count, time.perf_counter()
    orders = recurrings._generate_orders()
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - before_q, len(orders)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--recurring", type=int, default=200)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            plans, location = make_plans(env, args.units)
            total, batches, visits = bench_ours(env, plans, args.batch)
            queries = [q for __, q in batches]
            print(
                f"maintenance plans: {args.units} units, {visits} visits of the "
                f"coming year in {total:.1f} s ({1000 * total / args.units:.2f} ms "
                f"per unit); {len(batches)} batches of {args.batch} plans, "
                f"queries per batch {min(queries)}-{max(queries)}, "
                f"{max(t for t, __ in batches):.2f} s at most per batch"
            )
            print(
                "seconds per batch: "
                + ", ".join(f"{seconds:.1f}" for seconds, __ in batches)
            )
            seconds, queries, orders = bench_recurring(env, location, args.recurring)
            per_unit = 1000 * seconds / args.recurring
            ours_per_unit = 1000 * total / args.units
            query_ratio = (sum(queries_ for __, queries_ in batches) / args.units) / (
                queries / args.recurring
            )
            print(
                f"fieldservice_recurring: {args.recurring} recurring orders, "
                f"{orders} orders in {seconds:.1f} s ({per_unit:.2f} ms per unit), "
                f"{queries} queries ({queries / args.recurring:.1f} per unit); "
                f"ratio ours/recurring per unit {ours_per_unit / per_unit:.2f} "
                f"(time), {query_ratio:.3f} (queries)"
            )
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
