# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: a claim from a serial plus its reception, against OCA `rma`.

For the same delivered units, side by side in one run:
- ours: `aftersales.claim` created from the serial number (warranty look-up,
  coverage, legal deadline) and `action_receive()` (receipt created and
  validated);
- OCA `rma`: an RMA created for the unit's product (rma 18.0 has no serial
  field of its own) and `action_confirm()` with an operation that creates
  the receipt on confirmation (rma cannot validate it without the serial:
  ours does more work).

Needs the `rma` addon in the database (`make bench` installs it in the
benchmark database only). Everything is rolled back. Usage:
    python bench/bench_claim.py -c ODOO_CONF -d DATABASE [--units 40]
"""

import argparse
import statistics
import time

from bench_warranty import make_product, prepared_delivery, stock_serials

import odoo
from odoo.tools import SQL


def delivered_units(env, count):
    """Sell and deliver ``count`` serial units to one customer, in one batch."""
    product = make_product(env, "Bench claim washer")
    partner = env["res.partner"].create(
        {"name": "Bench claimant", "country_id": env.ref("base.ru").id}
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    stock_serials(env, product, "BENCH-CLM", count)
    picking = prepared_delivery(env, product, partner, count)
    picking.button_validate()
    return partner, product, picking.move_line_ids.lot_id, warehouse


def measure(env, function, items):
    """Seconds and queries per item of ``function(item)``."""
    seconds, queries = [], []
    for item in items:
        env.invalidate_all()
        before, start = env.cr.sql_log_count, time.perf_counter()
        function(item)
        env.flush_all()
        seconds.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - before)
    return statistics.median(seconds) * 1000, statistics.median(queries)


def bench_deadline_cron(env, partner, product, count):
    """The daily deadline cron over ``count`` open claims due today."""
    env.cr.execute(
        SQL(
            "INSERT INTO aftersales_claim (name, company_id, partner_id, product_id,"
            " user_id, claim_type, state, coverage, date_claim, date_received,"
            " date_deadline, priority) "
            "SELECT 'BENCH/' || i, %s, %s, %s, %s, 'repair', 'received',"
            " 'in_warranty', current_date - 45, now() - interval '45 days',"
            " current_date, '0' FROM generate_series(1, %s) i",
            env.company.id,
            partner.id,
            product.id,
            env.ref("base.user_admin").id,
            count,
        )
    )
    env.invalidate_all()
    before, start = env.cr.sql_log_count, time.perf_counter()
    scheduled = env["aftersales.claim"]._cron_deadlines()
    env.flush_all()
    print(
        f"deadline cron over {count} open claims due today: {scheduled} "
        f"activities in {time.perf_counter() - start:.1f} s, "
        f"{env.cr.sql_log_count - before} queries"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--claims", type=int, default=10_000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    if "rma" not in registry:
        raise SystemExit("Install the rma addon in the benchmark database first.")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            partner, product, lots, warehouse = delivered_units(env, args.units * 3)
            ours, theirs, same = (
                lots[: args.units],
                lots[args.units : args.units * 2],
                lots[args.units * 2 :],
            )
            operation = env["rma.operation"].create(
                {
                    "name": "Bench repair",
                    "action_create_receipt": "automatic_on_confirm",
                    # rma cannot validate a serial unit's receipt by itself
                    # (it has no serial field): its receipt stays to validate.
                    "auto_confirm_reception": False,
                    "action_create_delivery": "manual_after_receipt",
                    "action_create_refund": "manual_after_receipt",
                }
            )

            def claim(lot):
                env["aftersales.claim"].create({"serial": lot.name}).action_receive()

            def rma(lot):
                env["rma"].create(
                    {
                        "partner_id": partner.id,
                        "product_id": product.id,
                        "operation_id": operation.id,
                        "origin": lot.name,
                        "location_id": warehouse.rma_loc_id.id
                        or warehouse.lot_stock_id.id,
                    }
                ).action_confirm()

            def claim_with_receipt_to_validate(lot):
                env["aftersales.claim"].create({"serial": lot.name})._create_leg(
                    "receipt"
                )

            claim(ours[0])  # warm the paths once
            rma(theirs[0])
            claim_with_receipt_to_validate(same[0])
            ms_ours, q_ours = measure(env, claim, ours[1:])
            ms_rma, q_rma = measure(env, rma, theirs[1:])
            ms_same, q_same = measure(env, claim_with_receipt_to_validate, same[1:])
            print(
                f"claim from a serial + receipt created, as rma does: "
                f"{ms_same:.1f} ms, {q_same:.0f} queries; ratio to rma "
                f"{ms_same / ms_rma:.2f} (time), {q_same / q_rma:.2f} (queries)"
            )
            print(
                f"claim from a serial + validated receipt: {ms_ours:.1f} ms, "
                f"{q_ours:.0f} queries; OCA rma create + confirm (receipt "
                f"created): {ms_rma:.1f} ms, {q_rma:.0f} queries; ratio "
                f"{ms_ours / ms_rma:.2f} (time), {q_ours / q_rma:.2f} (queries); "
                f"median of {args.units - 1} units"
            )
            bench_deadline_cron(env, partner, product, args.claims)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
