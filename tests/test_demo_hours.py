# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo data loads at any hour of the day, whatever the time zone of the
user who installs it.

Odoo loads demo data as its superuser (OdooBot), whose time zone is the
user's day (``fields.Date.context_today``), while the demo's dates count from
the server's day (``DateTime.today()``, UTC). Near midnight the two days
differ, and Odoo then installs the addon *without* its demo data, with only
a warning in the log. Of the two zones below, one is on another day than UTC
at every hour (Kiritimati from 10:00 UTC on, Pago Pago until 11:00 UTC), so
this test meets the case whenever it runs.
"""

from odoo import SUPERUSER_ID
from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file


@tagged("post_install", "-at_install")
class TestDemoAtAnyHour(TransactionCase):
    def test_demo_loads_in_any_time_zone(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "aftersales_service")]
        )
        if module.demo:
            self.skipTest("the demo data is already in this database")
        env = self.env(user=SUPERUSER_ID, context={})
        for tz in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
            with self.subTest(tz=tz), self.env.cr.savepoint(flush=False) as sp:
                # Each pass from the database alone: the cache, the xml ids
                # and the hooks before commit of the pass before were rolled
                # back with it (the demo users it made, among others).
                env.invalidate_all()
                env.registry.clear_cache()
                env.cr.precommit.clear()
                env.user.partner_id.tz = tz
                convert_file(
                    env,
                    "aftersales_service",
                    "demo/aftersales_service_demo.xml",
                    {},
                    mode="init",
                )
                env.invalidate_all()
                claims = env["aftersales.claim"].search([])
                self.assertLessEqual(
                    {"new", "received", "diagnosis", "in_repair", "done", "rejected"},
                    set(claims.mapped("state")),
                )
                self.assertTrue(env.ref("aftersales_service.claim_late").is_late)
                self.assertTrue(env.ref("aftersales_service.loan_overdue").is_overdue)
                sp.rollback()
