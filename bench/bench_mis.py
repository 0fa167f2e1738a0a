# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: units in service and the months-in-service curves.

Builds the data of bench_analysis.py (1,000,000 warranties on 200 products
over two years, 100,000 claims, by default), times the refresh of the units
in service (a materialized view, refreshed with the analysis), then, as an
after-sales manager (record rules apply), warm, median of five runs:
- a plain ``read_group`` of the same rows by months in service and sale
  month (the reference);
- the curves of one product (``_mis_curve``: per sale month and overall);
- the curves of all products, per sale month and overall;
- one curve per product (all products);
- the claim rate per 1,000 unit-months by product and by month.

Everything is rolled back. Usage:
    python bench/bench_mis.py -c ODOO_CONF -d DATABASE [--warranties N --claims N]
"""

import argparse
import time

from bench_analysis import generate, timed

import odoo
from odoo.tools import SQL


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
            products = generate(env, args.warranties, args.claims)
            print(
                f"generated {args.warranties} warranties and {args.claims} claims "
                f"in {time.perf_counter() - start:.0f} s"
            )
            exposure = env["aftersales.service.exposure"]
            start = time.perf_counter()
            exposure._refresh()
            print(
                "units in service refresh (with the analysis' cron): "
                f"{time.perf_counter() - start:.1f} s"
            )
            cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(exposure._table)))
            print(f"rows: {cr.fetchone()[0]}")
            manager = env["res.users"].create(
                {
                    "name": "Bench MIS analyst",
                    "login": "bench_mis_analyst",
                    "groups_id": [
                        (4, env.ref("aftersales_service.group_aftersales_manager").id)
                    ],
                }
            )
            env.flush_all()
            exposure = env(user=manager)["aftersales.service.exposure"]
            one = [("product_id", "=", products[0].id)]
            measures = ["service_claim_count:sum", "unit_at_age:sum"]

            def plain(domain):
                return lambda: exposure.read_group(
                    domain,
                    measures,
                    ["months_in_service", "date_cohort:month"],
                    lazy=False,
                )

            reference_one = timed(plain(one))
            reference_all = timed(plain([]))
            print(
                "plain read_group by months in service x sale month: "
                f"one product {reference_one:.3f} s, all {reference_all:.3f} s"
            )
            for label, function, reference in (
                (
                    "curves of one product (sale months and overall)",
                    lambda: exposure._mis_curve(one),
                    reference_one,
                ),
                (
                    "curves of all products (sale months and overall)",
                    lambda: exposure._mis_curve([]),
                    reference_all,
                ),
                (
                    "one curve per product, all products",
                    lambda: exposure._mis_curve([], "product_id"),
                    reference_all,
                ),
                (
                    "claims per 1,000 unit-months by product",
                    lambda: exposure.read_group(
                        [],
                        ["exposure:sum", "service_claim_count:sum", "claim_rate"],
                        ["product_id"],
                        lazy=False,
                    ),
                    reference_all,
                ),
                (
                    "claims per 1,000 unit-months by month",
                    lambda: exposure.read_group(
                        [],
                        ["exposure:sum", "service_claim_count:sum", "claim_rate"],
                        ["date:month"],
                        lazy=False,
                    ),
                    reference_all,
                ),
            ):
                seconds = timed(function)
                print(
                    f"{label}: {seconds:.3f} s ({seconds / reference:.1f}x the "
                    "plain read_group)"
                )
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
