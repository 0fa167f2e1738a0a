# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: the warranty reserve and the claims ahead.

Builds the data of bench_analysis.py (1,000,000 warranties on 200 products
over two years, 100,000 claims, by default), refreshes the claim analysis
and the units in service (the cron does both), then, as an after-sales
manager (record rules apply), warm, median of five runs:
- two plain ``read_group`` calls over the same rows (the reference): the
  units in service by product and months in service, and the warranties in
  service today by product;
- the claims ahead of all products (``_claim_forecast``, 12 months);
- the cost per claim of all products (``_cost_per_claim``);
- the reserve of all products (``_snapshot``: the two above, and its
  products and months created), with its number of queries.

Everything is rolled back. Usage:
    python bench/bench_reserve.py -c ODOO_CONF -d DATABASE [--warranties N --claims N]
"""

import argparse
import time

from bench_analysis import generate, timed

import odoo
from odoo import fields


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--warranties", type=int, default=1_000_000)
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        odoo.tools.config["test_enable"] = False
        try:
            start = time.perf_counter()
            generate(env, args.warranties, args.claims)
            print(
                f"generated {args.warranties} warranties and {args.claims} claims "
                f"in {time.perf_counter() - start:.0f} s"
            )
            start = time.perf_counter()
            env["aftersales.claim.analysis"]._refresh()
            env["aftersales.service.exposure"]._refresh()
            print(f"figures refreshed in {time.perf_counter() - start:.0f} s")
            manager = env["res.users"].create(
                {
                    "name": "Bench reserve manager",
                    "login": "bench_reserve_manager",
                    "groups_id": [
                        (4, env.ref("aftersales_service.group_aftersales_manager").id)
                    ],
                }
            )
            env.flush_all()
            env = env(user=manager)
            exposure = env["aftersales.service.exposure"]
            warranties = env["aftersales.warranty"]
            today = fields.Date.context_today(exposure)
            reference_exposure = timed(
                lambda: exposure.read_group(
                    [("rate_note", "=", False)],
                    ["service_claim_count:sum", "unit_at_age:sum"],
                    ["product_id", "months_in_service"],
                    lazy=False,
                )
            )
            reference_units = timed(
                lambda: warranties.read_group(
                    [
                        ("parent_id", "=", False),
                        ("state", "!=", "void"),
                        ("date_start", "<=", today),
                        ("date_end", ">=", today),
                    ],
                    ["quantity:sum"],
                    ["product_id"],
                    lazy=False,
                )
            )
            reference = reference_exposure + reference_units
            print(
                "plain read_group: units in service by product x months in "
                f"service {reference_exposure:.3f} s, warranties in service by "
                f"product {reference_units:.3f} s, together {reference:.3f} s"
            )
            reserves = env["aftersales.warranty.reserve"]
            company = env.company
            for label, function in (
                ("claims ahead, all products", lambda: exposure._claim_forecast()),
                ("cost per claim, all products", lambda: exposure._cost_per_claim()),
                (
                    "reserve of all products (snapshot)",
                    lambda: reserves._snapshot(company, today),
                ),
            ):
                seconds = timed(function)
                print(
                    f"{label}: {seconds:.3f} s ({seconds / reference:.1f}x the "
                    "two plain read_group)"
                )
            queries = cr.sql_log_count
            reserve = reserves._snapshot(company, today)
            print(
                f"snapshot: {cr.sql_log_count - queries} queries, "
                f"{len(reserve.product_ids)} products, {len(reserve.month_ids)} "
                f"months, reserve {reserve.amount_total:,.2f} "
                f"{reserve.currency_id.name}"
            )
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
