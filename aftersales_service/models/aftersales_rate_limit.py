# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import ipaddress
import time
from datetime import timedelta

from psycopg2.extras import Json

from odoo import api, fields, models


class AftersalesRateLimit(models.Model):
    """The recent hits of one bounded action of one visitor or user (a public
    warranty check, a portal submission): one row per key. Kept in the
    database so that every worker and every Odoo server on the same database
    counts the same hits."""

    _name = "aftersales.rate.limit"
    _description = "After-Sales Rate Limit"
    _order = "id desc"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    date = fields.Datetime(
        string="Last Hit",
        required=True,
        index=True,
        readonly=True,
        default=fields.Datetime.now,
    )
    hits = fields.Json(
        readonly=True,
        help="When the counted hits happened (seconds since the epoch), at "
        "most as many as the limit.",
    )

    _sql_constraints = [
        ("key_unique", "unique(key)", "A rate-limit key is counted in one row."),
    ]

    @api.model
    def _hit(self, key, limit, window):
        """Count a hit of ``key`` and tell whether it goes over ``limit``
        hits in the last ``window`` seconds (then it is not counted and
        nothing is written).

        Raw SQL, because the row must be locked: Odoo runs its transactions
        in REPEATABLE READ, so a count of what this transaction sees can
        miss the hit another worker committed meanwhile. Locking the key's
        row makes concurrent hits wait for each other, and PostgreSQL refuses
        to lock (serialization failure) a row another transaction changed
        after this one began: Odoo then replays the whole request, which
        sees that hit."""
        cr = self.env.cr
        cr.execute(
            "INSERT INTO aftersales_rate_limit (key, date, hits) "
            "VALUES (%s, now() AT TIME ZONE 'UTC', '[]') "
            "ON CONFLICT (key) DO NOTHING",
            [key],
        )
        cr.execute(
            "SELECT id, hits FROM aftersales_rate_limit WHERE key = %s FOR UPDATE",
            [key],
        )
        row_id, hits = cr.fetchone()
        now = time.time()
        recent = [hit for hit in hits or [] if hit > now - window]
        if len(recent) >= limit:
            return True
        recent.append(now)
        cr.execute(
            "UPDATE aftersales_rate_limit SET hits = %s, date = %s WHERE id = %s",
            [Json(recent[-limit:]), fields.Datetime.now(), row_id],
        )
        self.browse(row_id).invalidate_recordset(["hits", "date"])
        return False

    @api.model
    def _visitor_key(self, address):
        """The visitor an address stands for: the address itself for IPv4,
        its /64 network for IPv6 (one subscriber holds a whole /64)."""
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return address or "?"
        if ip.version == 6:
            if ip.ipv4_mapped:
                return str(ip.ipv4_mapped)
            return str(ipaddress.ip_network(f"{ip}/64", strict=False))
        return str(ip)

    @api.model
    def _gc_hits(self, days=1):
        """Daily: forget the keys without a hit in the last ``days`` days."""
        self.sudo().search(
            [("date", "<", fields.Datetime.now() - timedelta(days=days))]
        ).unlink()
