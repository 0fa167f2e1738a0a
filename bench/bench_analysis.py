# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: the claim analysis and the dashboard on a large database.

Generates (in SQL, for speed) 1,000,000 warranties on 200 products over two
years, 100,000 claims on some of those units, their failure codes and sale
lines, then times the refresh of the analysis (a materialized view), and,
as an after-sales manager (record rules apply), warm,
median of five runs:
- a plain ``read_group`` on ``aftersales.claim`` by product (the reference);
- the analysis by product with every measure (claims, units, claim rate,
  time to resolve, share in time, penalties, costs against revenue);
- the analysis by claim month and by sale month (cohorts);
- the four ``read_group`` calls the pivot view makes as it opens (products
  by year), and for products by month (4,800 cells);
- the dashboard's figures.

Everything is rolled back. Usage:
    python bench/bench_analysis.py -c ODOO_CONF -d DATABASE
"""

import argparse
import json
import statistics
import time

import odoo
from odoo.tools import SQL

PRODUCTS = 200
MEASURES = [
    "claim_count:sum",
    "unit_count:sum",
    "claim_rate:sum",
    "late_count:sum",
    "on_time_rate:sum",
    "resolution_days:avg",
    "penalty_amount:sum",
    "warranty_cost:sum",
    "revenue:sum",
    "cost_rate:sum",
]


def generate(env, warranties, claims):
    cr = env.cr
    categories = env["product.category"].create(
        [{"name": f"Bench category {i}"} for i in range(5)]
    )
    policy = env["aftersales.warranty.policy"].create(
        {"name": "Bench analysis terms", "duration": 24}
    )
    vendor = env["res.partner"].create({"name": "Bench vendor"})
    products = env["product.product"].create(
        [
            {
                "name": f"Bench analysed product {i}",
                "is_storable": True,
                "categ_id": categories[i % 5].id,
                "warranty_policy_id": policy.id,
                "standard_price": 100.0,
                "list_price": 250.0,
                "seller_ids": [(0, 0, {"partner_id": vendor.id, "price": 90.0})],
            }
            for i in range(PRODUCTS)
        ]
    )
    customer = env["res.partner"].create({"name": "Bench customers"})
    dealers = env["res.partner"].create(
        [{"name": f"Bench dealer {i}"} for i in range(20)]
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": 5000})
                    for product in products[i * 20 : (i + 1) * 20]
                ],
            }
            for i in range(PRODUCTS // 20)
        ]
    )
    env.flush_all()
    line_of = {line.product_id.id: line.id for line in orders.order_line}
    cr.execute(
        SQL(
            "CREATE TEMP TABLE bench_product ON COMMIT DROP AS "
            "SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, "
            "(%s::jsonb ->> id::text)::int AS line_id "
            "FROM product_product WHERE id = ANY(%s)",
            json.dumps({str(k): v for k, v in line_of.items()}),
            products.ids,
        )
    )
    cr.execute(
        SQL(
            "INSERT INTO aftersales_warranty (partner_id, product_id, policy_id,"
            " warranty_type, tracking, state, date_start, date_end, company_id,"
            " quantity, dealer_id, sale_line_id) "
            "SELECT %(customer)s, p.id, %(policy)s, 'manufacturer', 'none',"
            " 'active', current_date - mod(i, 730), current_date - mod(i, 730) + 730,"
            " %(company)s, 1,"
            " CASE WHEN mod(i, 3) = 0 THEN (%(dealers)s::int[])[1 + mod(i, 20)] END,"
            " p.line_id "
            "FROM generate_series(1, %(count)s) i "
            "JOIN bench_product p ON p.n = mod(i, %(products)s)",
            customer=customer.id,
            policy=policy.id,
            company=env.company.id,
            dealers=dealers.ids,
            count=warranties,
            products=PRODUCTS,
        )
    )
    codes = env["aftersales.failure.code"].create(
        [{"name": f"Bench failure {i}", "code": f"BF{i}"} for i in range(10)]
    )
    profile = env.ref("aftersales_service.legal_profile_ru")
    cr.execute(
        SQL(
            "INSERT INTO aftersales_claim (name, company_id, partner_id,"
            " product_id, warranty_id, user_id, claim_type, state, coverage,"
            " date_claim, date_deadline, date_closed, priority, legal_profile_id,"
            " unit_price, resolution, handling) "
            "SELECT 'BENCH-AN/' || w.id, w.company_id, w.partner_id, w.product_id,"
            " w.id, %(user)s, 'repair',"
            " (ARRAY['new', 'received', 'in_repair', 'done', 'done', 'done',"
            "  'rejected', 'cancelled'])[1 + mod(w.id, 8)],"
            " 'in_warranty', w.date_start + 30 + mod(w.id, 300),"
            " w.date_start + 75 + mod(w.id, 300),"
            " CASE WHEN mod(w.id, 8) IN (3, 4, 5, 6, 7)"
            "  THEN (w.date_start + 30 + mod(w.id, 300) + mod(w.id, 60))::timestamp"
            " END,"
            " '0', %(profile)s, 250,"
            " CASE WHEN mod(w.id, 8) = 5 THEN 'replaced' END, 'workshop' "
            "FROM aftersales_warranty w WHERE w.policy_id = %(policy)s "
            "ORDER BY w.id LIMIT %(count)s",
            user=env.user.id,
            profile=profile.id,
            policy=policy.id,
            count=claims,
        )
    )
    cr.execute(
        SQL(
            "INSERT INTO aftersales_claim_aftersales_failure_code_rel"
            " (aftersales_claim_id, aftersales_failure_code_id) "
            "SELECT c.id, (%s::int[])[1 + mod(c.id, 10)] FROM aftersales_claim c "
            "WHERE c.name LIKE %s",
            codes.ids,
            "BENCH-AN/%",
        )
    )
    cr.execute("ANALYZE aftersales_warranty; ANALYZE aftersales_claim")
    return products


def timed(function, runs=5):
    function()  # warm the caches once
    seconds = []
    for _i in range(runs):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


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
            print(
                "analysis refresh (hourly cron, Refresh button): "
                f"{time.perf_counter() - start:.1f} s"
            )
            manager = env["res.users"].create(
                {
                    "name": "Bench analyst",
                    "login": "bench_analyst",
                    "groups_id": [
                        (4, env.ref("aftersales_service.group_aftersales_manager").id)
                    ],
                }
            )
            env.flush_all()
            uenv = env(user=manager)
            claims = uenv["aftersales.claim"]
            analysis = uenv["aftersales.claim.analysis"]

            def read(groupby, measures=MEASURES):
                return lambda: analysis.read_group([], measures, groupby, lazy=False)

            def pivot(column):
                def run():
                    for groupby in ([], ["product_id"], [column]):
                        analysis.read_group([], MEASURES, groupby, lazy=False)
                    analysis.read_group(
                        [], MEASURES, ["product_id", column], lazy=False
                    )

                return run

            reference = timed(
                lambda: claims.read_group([], ["__count"], ["product_id"], lazy=False)
            )
            print(f"plain read_group of aftersales.claim by product: {reference:.3f} s")
            cells = timed(
                lambda: claims.read_group(
                    [], ["__count"], ["product_id", "date_claim:month"], lazy=False
                )
            )
            print(
                "plain read_group of aftersales.claim by product x month: "
                f"{cells:.3f} s (Odoo formats each of the groups)"
            )
            for label, function in (
                ("analysis by product, all measures", read(["product_id"])),
                ("analysis by claim month", read(["date:month"])),
                ("analysis by sale month (cohorts)", read(["date_cohort:month"])),
                (
                    "pivot view as it opens (4 read_group: products x years)",
                    pivot("date:year"),
                ),
                ("pivot of products x months (4,800 cells)", pivot("date:month")),
                (
                    "dashboard",
                    lambda: uenv["aftersales.dashboard"].get_dashboard_data(),
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
