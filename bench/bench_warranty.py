# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmarks of the registered warranties (run with `make bench`).

1. Validating a delivery of N serial units, with and without the warranty
   registration, side by side in one run (the registration is skipped
   through the context key the addon reads for this purpose).
2. Finding a warranty by serial among M warranties, against finding a
   stock.lot by name among as many lots.
3. The expiry cron over K ended warranties: time and queries per batch.

Everything runs in one transaction that is rolled back: the database is left
as it was. Usage:
    python bench/bench_warranty.py -c ODOO_CONF -d DATABASE [--units 1000]
        [--warranties 1000000] [--expired 100000]
"""

import argparse
import random
import statistics
import time
from contextlib import ExitStack, contextmanager, nullcontext
from unittest.mock import patch

import odoo
from odoo.tools import SQL


@contextmanager
def timed(results, key):
    start = time.perf_counter()
    yield
    results[key] = time.perf_counter() - start


def make_product(env, name):
    return env["product.product"].create(
        {
            "name": name,
            "is_storable": True,
            "tracking": "serial",
            "warranty_policy_id": env["aftersales.warranty.policy"]
            .create({"name": f"{name} terms", "duration": 24})
            .id,
        }
    )


def stock_serials(env, product, prefix, count):
    location = env["stock.warehouse"].search([], limit=1).lot_stock_id
    lots = env["stock.lot"].create(
        [{"name": f"{prefix}-{i:07d}", "product_id": product.id} for i in range(count)]
    )
    # One quant per unit, created in one batch (as a receipt would leave them).
    env["stock.quant"].create(
        [
            {
                "product_id": product.id,
                "location_id": location.id,
                "lot_id": lot.id,
                "quantity": 1.0,
            }
            for lot in lots
        ]
    )
    return lots


def prepared_delivery(env, product, partner, units):
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [
                (0, 0, {"product_id": product.id, "product_uom_qty": units})
            ],
        }
    )
    order.action_confirm()
    picking = order.picking_ids
    picking.action_assign()
    picking.move_ids.picked = True
    env.flush_all()
    return picking


def without_registration(env, skip):
    """A delivery that registers no warranty when ``skip``: the addon's two
    steps of a validated move are patched out, so the delivery is timed as
    Odoo alone does it, side by side with one that registers."""
    if not skip:
        return nullcontext()
    move = type(env["stock.move"])
    stack = ExitStack()
    for method in (
        "_aftersales_register_warranties",
        "_aftersales_end_returned_warranties",
    ):
        stack.enter_context(patch.object(move, method))
    return stack


def bench_delivery(env, units, rounds):
    partner = env["res.partner"].create({"name": "Bench customer"})
    product = make_product(env, "Bench washer")
    stock_serials(env, product, "BENCH-DLV", units * rounds * 2 + 20)
    # Warm the caches with a small delivery of each kind first.
    for skip in (True, False):
        picking = prepared_delivery(env, product, partner, 10)
        with without_registration(env, skip):
            picking.button_validate()
    without, with_addon, registration, queries = [], [], [], []
    for round_ in range(rounds):
        # Alternate which goes first, so that neither gains from the order.
        for skip in (True, False) if round_ % 2 == 0 else (False, True):
            picking = prepared_delivery(env, product, partner, units)
            count_before = env.cr.sql_log_count
            start = time.perf_counter()
            with without_registration(env, skip):
                picking.button_validate()
                env.flush_all()
            elapsed = time.perf_counter() - start
            (without if skip else with_addon).append(elapsed)
            if skip:
                # The same registration, on its own, after the delivery that
                # skipped it: the overhead without the noise of two runs.
                start = time.perf_counter()
                picking.move_ids._aftersales_register_warranties()
                env.flush_all()
                registration.append(time.perf_counter() - start)
            else:
                queries.append(env.cr.sql_log_count - count_before)
                registered = env["aftersales.warranty"].search_count(
                    [("picking_id", "=", picking.id)]
                )
                assert registered == units, registered
    for label, pick in (("median", statistics.median), ("best", min)):
        base, full = pick(without), pick(with_addon)
        print(
            f"delivery of {units} serial units ({label} of {rounds}): without "
            f"registration {base:.2f} s, with {full:.2f} s, overhead "
            f"{100 * (full - base) / base:+.1f}% (10% allowed)"
        )
    base, alone = statistics.median(without), statistics.median(registration)
    print(
        f"  registration alone, run after a validation that skipped it (median): "
        f"{alone:.2f} s, {100 * alone / base:.1f}% of the validation"
    )
    print(f"  queries of a validation with registration: {statistics.median(queries)}")


def bench_lookup(env, count, samples=300):
    cr = env.cr
    product = make_product(env, "Bench lookup")
    partner = env["res.partner"].create({"name": "Bench owner"})
    policy = product.warranty_policy_id
    company = env.company
    cr.execute(
        SQL(
            "INSERT INTO stock_lot (name, product_id, company_id) "
            "SELECT 'LOOK-' || lpad(i::text, 8, '0'), %s, %s "
            "FROM generate_series(1, %s) i",
            product.id,
            company.id,
            count,
        )
    )
    cr.execute(
        SQL(
            "INSERT INTO aftersales_warranty (partner_id, product_id, lot_id, serial,"
            " policy_id, warranty_type, tracking, state, date_start, date_end,"
            " company_id, quantity) "
            "SELECT %s, %s, id, name, %s, 'manufacturer', 'serial', 'active',"
            " current_date, current_date + 730, %s, 1 "
            "FROM stock_lot WHERE name LIKE %s",
            partner.id,
            product.id,
            policy.id,
            company.id,
            "LOOK-%",
        )
    )
    cr.execute("ANALYZE stock_lot; ANALYZE aftersales_warranty")
    serials = [f"LOOK-{random.randint(1, count):08d}" for _i in range(samples)]
    lots, warranties = env["stock.lot"], env["aftersales.warranty"]

    def per_search(model, field):
        start = time.perf_counter()
        for serial in serials:
            assert model.search([(field, "=", serial)])
        return (time.perf_counter() - start) / samples * 1000

    lot_ms = per_search(lots, "name")
    warranty_ms = per_search(warranties, "serial")
    start = time.perf_counter()
    for serial in serials:
        assert warranties.check_serial(serial)["coverage"] == "in_warranty"
    check_ms = (time.perf_counter() - start) / samples * 1000
    print(
        f"search by serial among {count} warranties: {warranty_ms:.2f} ms; "
        f"stock.lot by name among as many lots: {lot_ms:.2f} ms; "
        f"check_serial: {check_ms:.2f} ms (mean of {samples})"
    )


def bench_expiry(env, count, batch_size=5000):
    cr = env.cr
    product = make_product(env, "Bench expiry")
    partner = env["res.partner"].create({"name": "Bench expired"})
    cr.execute(
        SQL(
            "INSERT INTO aftersales_warranty (partner_id, product_id, policy_id,"
            " warranty_type, tracking, state, date_start, date_end, company_id,"
            " quantity) "
            "SELECT %s, %s, %s, 'manufacturer', 'none', 'active',"
            " current_date - 800, current_date - 70, %s, 1 "
            "FROM generate_series(1, %s)",
            partner.id,
            product.id,
            product.warranty_policy_id.id,
            env.company.id,
            count,
        )
    )
    cr.execute("ANALYZE aftersales_warranty")
    warranties = env["aftersales.warranty"]
    calls, queries, start = 0, [], time.perf_counter()
    while True:
        before = cr.sql_log_count
        done = warranties._cron_expire(batch_size=batch_size)
        env.flush_all()
        queries.append(cr.sql_log_count - before)
        calls += 1
        if not done:
            break
    elapsed = time.perf_counter() - start
    print(
        f"expiry of {count} warranties: {elapsed:.1f} s in {calls} batches of "
        f"{batch_size}; queries per batch: {queries}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warranties", type=int, default=1_000_000)
    parser.add_argument("--expired", type=int, default=100_000)
    parser.add_argument(
        "--only", choices=["delivery", "lookup", "expiry"], help="run one benchmark"
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        odoo.tools.config["test_enable"] = False
        try:
            if args.only in (None, "delivery"):
                bench_delivery(env, args.units, args.rounds)
            if args.only in (None, "lookup"):
                bench_lookup(env, args.warranties)
            if args.only in (None, "expiry"):
                bench_expiry(env, args.expired)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
