# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Load benchmark: many portal customers at once against Odoo in production
mode (``--workers``), our portal pages against Odoo's own.

Each customer has a portal account, an order of two delivered units (two
warranties) and a claim. Locust (bench/locust_portal.py, in a virtual
environment of its own) logs them all in and has them read ``/my``,
``/my/claims``, a claim page and ``/my/warranties`` and, in the same run as
the anchor, Odoo's ``/my/orders`` and an order page. Loopback only, bounded
in time. Prints p50/p95 per page and our worst p95 against the anchor's
worst (goal: at most 1.1 times, and no failure).

The customers are created once and committed in the benchmark database
(logins ``bench-portal-<n>``, password the login). Usage:
    python bench/bench_portal_load.py -c ODOO_CONF -d DATABASE \\
        --locust VENV-load/bin/locust [--users 50] [--seconds 90] [--warmup 20]
"""

import argparse
import csv
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_warranty import make_product, prepared_delivery, stock_serials

import odoo

HERE = Path(__file__).resolve().parent


def seed(env, users):
    """The portal customers, their delivered units and their claims; those
    already there are kept."""
    existing = env["res.users"].search_count([("login", "=like", "bench-portal-%")])
    if existing >= users:
        return
    product = make_product(env, f"Bench portal washer {existing}")
    stock_serials(env, product, f"BENCH-PRT-{existing}", 2 * (users - existing))
    portal = env.ref("base.group_portal")
    for n in range(existing, users):
        login = f"bench-portal-{n}"
        partner = env["res.partner"].create(
            {"name": f"Bench portal customer {n}", "email": f"{login}@example.com"}
        )
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "login": login,
                "password": login,
                "partner_id": partner.id,
                "groups_id": [(6, 0, [portal.id])],
            }
        )
        picking = prepared_delivery(env, product, partner, 2)
        picking.button_validate()
        env["aftersales.claim"].create(
            {
                "serial": picking.move_line_ids.lot_id[:1].name,
                "symptom": "Does not start",
            }
        )
    env.cr.commit()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentiles(stats_csv):
    with open(stats_csv, newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["Name"] != "Aggregated"]


REQUEST_LINE = re.compile(r'"GET (\S+) HTTP/[\d.]+" 200 - (\d+) ([\d.]+) ([\d.]+)')


def server_side(log):
    """Median queries and server seconds per page, from the server's log
    (Odoo writes both on each request's line)."""
    pages = {}
    for match in REQUEST_LINE.finditer(log.read_text()):
        path = re.sub(r"\d+", "<id>", match.group(1).split("?")[0])
        queries, sql, other = match.groups()[1:]
        pages.setdefault(path, []).append((int(queries), float(sql) + float(other)))
    return {
        path: (
            statistics.median(q for q, _ in values),
            statistics.median(t for _, t in values) * 1000,
        )
        for path, values in pages.items()
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--locust", required=True, help="the locust command")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument(
        "--warmup", type=int, default=20, help="seconds not counted, at the start"
    )
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        seed(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), args.users)

    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    server = subprocess.Popen(
        [
            sys.executable,
            str(Path(sys.executable).with_name("odoo")),
            f"--config={args.config}",
            f"--database={args.database}",
            f"--db-filter=^{args.database}$",
            f"--workers={args.workers}",
            "--max-cron-threads=0",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            f"--logfile={workdir / 'odoo.log'}",
        ],
        stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(f"{base}/web/login", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        logins = ",".join(f"bench-portal-{n}" for n in range(args.users))
        subprocess.run(
            [
                args.locust,
                "-f",
                str(HERE / "locust_portal.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                "10",
                "--run-time",
                f"{args.seconds}s",
                "--host",
                base,
                "--csv",
                str(workdir / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={
                **os.environ,
                "BENCH_LOGINS": logins,
                "BENCH_WARMUP": str(args.warmup),
            },
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        server.terminate()
        server.wait(timeout=60)

    rows = percentiles(workdir / "load_stats.csv")
    print(
        f"{args.users} portal customers, {args.seconds} s ({args.warmup} s of "
        f"warm-up not counted), {args.workers} workers"
    )
    print(f"{'page':28} {'requests':>9} {'failures':>9} {'p50 ms':>7} {'p95 ms':>7}")
    for row in rows:
        print(
            f"{row['Name']:28} {row['Request Count']:>9} {row['Failure Count']:>9} "
            f"{row['50%']:>7} {row['95%']:>7}"
        )
    pages = {row["Name"]: row for row in rows}
    ours = [row for name, row in pages.items() if name.startswith("/my")]
    anchor = [row for name, row in pages.items() if name.startswith("anchor")]
    failures = sum(int(row["Failure Count"]) for row in rows)
    worst_ours = max(float(row["95%"]) for row in ours)
    worst_anchor = max(float(row["95%"]) for row in anchor)
    print(
        f"our worst p95 {worst_ours:.0f} ms against the anchor's "
        f"{worst_anchor:.0f} ms: "
        f"ratio {worst_ours / worst_anchor:.2f} (aim at most 1.1); failures {failures}"
    )
    print(f"{'page, on the server':28} {'queries':>9} {'ms':>9}   (medians)")
    for path, (queries, ms) in sorted(server_side(workdir / "odoo.log").items()):
        if path.startswith("/my"):
            print(f"{path:28} {queries:>9.0f} {ms:>9.0f}")
    print(f"server log: {workdir / 'odoo.log'}")


if __name__ == "__main__":
    main()
