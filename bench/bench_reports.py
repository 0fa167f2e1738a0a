# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: printing acceptance acts against Odoo's repair order report.

For N received claims with their repairs, side by side in one run and the
same way for both reports (QWeb to HTML for all N at once, then to a real
PDF through wkhtmltopdf): N acceptance acts of `aftersales_service_reports`
against Odoo's own repair order report for the N repair orders. With an
unpatched wkhtmltopdf both print one record per PDF run and are merged.
Aim: at most 1.2 times the time of Odoo's report. Everything is rolled
back. Usage:
    python bench/bench_reports.py -c ODOO_CONF -d DATABASE [--records 100]
"""

import argparse
import time

from bench_claim import delivered_units

import odoo


def received_claims(env, count):
    """``count`` received claims, each with its repair order."""
    partner, __, lots, __ = delivered_units(env, count)
    claims = env["aftersales.claim"].create(
        [{"serial": lot.name, "partner_id": partner.id} for lot in lots]
    )
    claims.action_receive()
    claims.action_create_repair()
    return claims


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--records", type=int, default=100)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            claims = received_claims(env, args.records)
            repairs = claims.repair_ids
            reports = env["ir.actions.report"]
            ours = "aftersales_service_reports.action_report_claim_acceptance"
            odoos = "repair.action_report_repair_order"
            # Warm the template and asset caches of both.
            for report, records in ((ours, claims[:1]), (odoos, repairs[:1])):
                reports._render_qweb_pdf(report, records.ids)

            def html(report, ids):
                reports._render_qweb_html(report, ids)

            def pdf(report, ids):
                # One record per wkhtmltopdf run for both: Debian's build
                # prints no more (and Odoo's report has no way around it).
                for res_id in ids:
                    reports._render_qweb_pdf(report, [res_id])

            for label, render in (("HTML", html), ("PDF", pdf)):
                # Alternate which goes first, as in the other benchmarks.
                ours_s = timed(lambda r=render: r(ours, claims.ids))
                odoos_s = timed(lambda r=render: r(odoos, repairs.ids))
                odoos_s = (odoos_s + timed(lambda r=render: r(odoos, repairs.ids))) / 2
                ours_s = (ours_s + timed(lambda r=render: r(ours, claims.ids))) / 2
                print(
                    f"{label} of {args.records}: acceptance acts {ours_s:.2f} s, "
                    f"Odoo repair orders {odoos_s:.2f} s, ratio "
                    f"{ours_s / odoos_s:.2f} (aim: at most 1.2)"
                )
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
