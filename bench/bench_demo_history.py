# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: the demo's two years of history, at the demo's size.

Creates a catalog like the demo's (three serial-tracked products, parts kits,
two staff users, a dealer with a contract), then times
``aftersales.demo.history._generate`` with the demo's seed and size (700
units) and prints its figures: units, claims, months, countries, the bad
lot's claims per 1,000 units at 3 months in service against the history's,
and the claims per month. The demo install must stay under a minute.

Everything is rolled back. Usage:
    python bench/bench_demo_history.py -c ODOO_CONF -d DATABASE [--units N --seed N]
"""

import argparse
import time

import odoo
from odoo import fields

LIMIT_SECONDS = 60


def catalog(env):
    """Products, kits, users and a dealer, as the demo has them."""
    env.company.country_id = env.ref("base.ru")
    policy = env["aftersales.warranty.policy"].create(
        {"name": "Bench 24 months", "duration": 24, "duration_unit": "month"}
    )
    category = env["product.category"].create(
        {
            "name": "Bench appliances",
            "warranty_policy_id": policy.id,
            "aftersales_loaner_same_category": True,
            "aftersales_early_warning_factor": 4.0,
            "aftersales_alert_min_units": 30,
        }
    )
    products = env["product.product"].create(
        [
            {
                "name": name,
                "default_code": code,
                "is_storable": True,
                "tracking": "serial",
                "categ_id": category.id,
                "list_price": price,
                "standard_price": price / 2,
            }
            for name, code, price in (
                ("Bench washer", "BW-1", 749.0),
                ("Bench espresso", "BE-1", 589.0),
                ("Bench vacuum", "BV-1", 399.0),
            )
        ]
    )
    vendor = env["res.partner"].create({"name": "Bench parts vendor"})
    board, pump = env["product.product"].create(
        [
            {
                "name": "Bench board",
                "is_storable": True,
                "standard_price": 64.0,
                "seller_ids": [(0, 0, {"partner_id": vendor.id, "price": 60.0})],
            },
            {"name": "Bench pump", "is_storable": True, "standard_price": 18.0},
        ]
    )
    env["aftersales.parts.kit"].create(
        [
            {
                "name": "Bench no power",
                "failure_code_id": env.ref(
                    "aftersales_service.failure_code_no_power"
                ).id,
                "line_ids": [(0, 0, {"product_id": board.id, "quantity": 1})],
            },
            {
                "name": "Bench leak",
                "failure_code_id": env.ref("aftersales_service.failure_code_leak").id,
                "line_ids": [(0, 0, {"product_id": pump.id, "quantity": 1})],
            },
        ]
    )
    groups = env.ref("aftersales_service.group_aftersales_manager") | env.ref(
        "stock.group_stock_user"
    )
    users = env["res.users"].create(
        [
            {
                "name": f"Bench staff {number}",
                "login": f"bench_staff_{number}",
                "email": f"bench_staff_{number}@example.com",
                "groups_id": [(6, 0, groups.ids)],
            }
            for number in (1, 2)
        ]
    )
    dealer = env["res.partner"].create(
        {
            "name": "Bench dealer",
            "is_company": True,
            "country_id": env.ref("base.ru").id,
        }
    )
    contract = env["aftersales.dealer.contract"].create(
        {
            "partner_id": dealer.id,
            "date_start": fields.Date.today()
            .replace(day=1)
            .replace(year=fields.Date.today().year - 1),
            "labour_rate": 40,
        }
    )
    contract.action_activate()
    return products, users, dealer


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--units", type=int, default=700)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "UTC"})
        try:
            products, users, dealer = catalog(env)
            start = time.perf_counter()
            figures = env["aftersales.demo.history"]._generate(
                args.seed,
                args.units,
                products.ids,
                users.ids,
                dealer.id,
                products[1].id,
                [1.0, 1.0, 2.2],
            )
            seconds = time.perf_counter() - start
            exposure = env["aftersales.service.exposure"]
            exposure._refresh()
            proposal = env["aftersales.withdrawal.proposal"]
            warnings = proposal._early_warnings(fields.Date.context_today(proposal))
            print(
                f"generated {figures['units']} units and {figures['claims']} claims "
                f"over {figures['months']} months in {figures['countries']} "
                f"countries in {seconds:.1f} s (limit {LIMIT_SECONDS} s)"
            )
            for warning in warnings:
                product = env["product.product"].browse(warning["product_id"])
                print(
                    f"early warning: {product.name}"
                    f" sold {warning['date_cohort']}: R/1000 at 3 MIS "
                    f"{warning['early_rate']} against {warning['early_reference']}"
                )
            curve = exposure._mis_curve(
                [("product_id", "in", products.ids)], groupby="product_id"
            )[False]
            print(
                "R/1000 by MIS: "
                + ", ".join(f"{age}: {rate}" for age, rate, __, ___ in curve[:12])
            )
            print(
                "claims by month: "
                + ", ".join(
                    f"{month:%Y-%m} {count}"
                    for month, count in figures["claims_by_month"].items()
                )
            )
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
