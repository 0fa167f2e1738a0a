# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import uuid
from unittest.mock import patch

import psycopg2

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.tests import HttpCase, tagged
from odoo.tools import config

from ..controllers import warranty_check as check_controller
from .test_portal import PortalCommon


class PublicCheckCommon(PortalCommon):
    def setUp(self):
        super().setUp()
        self._other_worker()

    def _check(self, serial, headers=None):
        return self.url_open(f"/warranty/check?serial={serial}", headers=headers)

    def _other_worker(self):
        """What a request served by another worker process would see: none
        of this process's memory."""
        checks = getattr(check_controller, "_checks", None)
        if checks is not None:
            checks.clear()

    def _unit_of_company_b(self, serial, partner=None):
        """A unit registered in the other company."""
        lot = self.env["stock.lot"].create(
            {
                "name": serial,
                "product_id": self.product_serial.id,
                "company_id": self.company_b.id,
            }
        )
        policy = self.policy_24.copy({"company_id": self.company_b.id})
        return (
            self.env["aftersales.warranty"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": (partner or self.customer).id,
                    "product_id": self.product_serial.id,
                    "lot_id": lot.id,
                    "serial": serial,
                    "policy_id": policy.id,
                    "date_start": fields.Date.today(),
                    "company_id": self.company_b.id,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestPublicWarrantyCheckLimit(PublicCheckCommon, HttpCase):
    def test_budget_is_shared_by_every_worker(self):
        """A script cannot walk the serials by landing on another worker: the
        budget lives in the database, not in one process's memory."""
        limit = check_controller.CHECK_LIMIT
        for i in range(limit):
            self.assertEqual(self._check(f"SN-W{i}").status_code, 200)
            self._other_worker()
        page = self._check("SN-WLAST")
        self.assertEqual(page.status_code, 429)
        self.assertIn("Too many checks", page.text)
        self.assertNotIn("We know no product", page.text)

    def test_forged_forwarded_for_gives_no_fresh_budget(self):
        """Without proxy_mode, X-Forwarded-For is the visitor's own words."""
        self.assertFalse(config["proxy_mode"])
        limit = check_controller.CHECK_LIMIT
        for i in range(limit):
            self.assertEqual(self._check(f"SN-F{i}").status_code, 200)
        for i, forged in enumerate(("203.0.113.7", "2001:db8:9::1", "garbage")):
            page = self._check(
                f"SN-FX{i}",
                headers={"X-Forwarded-For": forged, "X-Forwarded-Host": "localhost"},
            )
            self.assertEqual(page.status_code, 429, forged)

    def test_proxy_without_proxy_mode_is_told_in_the_log(self):
        """Forwarded by a local machine while Odoo trusts no proxy: the log
        says once what is wrong and how to fix it."""
        self.assertFalse(config["proxy_mode"])
        forwarded = {"X-Forwarded-For": "203.0.113.9"}
        logger = "odoo.addons.aftersales_service.controllers.warranty_check"
        with (
            patch.object(check_controller, "_proxy_warning_given", False),
            self.assertLogs(logger, "WARNING") as logs,
        ):
            self._check("SN-PX1", headers=forwarded)
            self._check("SN-PX2", headers=forwarded)
        self.assertEqual(len(logs.output), 1)
        self.assertIn("--proxy-mode", logs.output[0])
        with (
            patch.dict(config.options, {"proxy_mode": True}),
            patch.object(check_controller, "_proxy_warning_given", False),
            self.assertNoLogs(logger, "WARNING"),
        ):
            self._check("SN-PX3", headers=forwarded)

    def test_behind_a_proxy_ipv6_counts_by_64(self):
        """Behind a proxy (proxy_mode), the visitor is the forwarded address;
        the addresses of one IPv6 /64 share one budget."""
        limit = check_controller.CHECK_LIMIT

        def check(address, serial):
            self._other_worker()
            return self._check(
                serial,
                headers={"X-Forwarded-For": address, "X-Forwarded-Host": "localhost"},
            ).status_code

        with patch.dict(config.options, {"proxy_mode": True}):
            statuses = [
                check(f"2001:db8:1:2::{i + 1:x}", f"SN-V{i}") for i in range(limit)
            ]
            self.assertEqual(statuses, [200] * limit)
            # Another address of the same /64: the same visitor.
            self.assertEqual(check("2001:db8:1:2:ffff:1:2:3", "SN-V-MORE"), 429)
            # Another /64, another IPv4 visitor: their own budget.
            self.assertEqual(check("2001:db8:1:3::1", "SN-V-OTHER"), 200)
            self.assertEqual(check("198.51.100.4", "SN-V-IPV4"), 200)
        self.assertEqual(
            self.env["aftersales.rate.limit"]._visitor_key("2001:db8:1:2:ffff::9"),
            "2001:db8:1:2::/64",
        )
        self.assertEqual(
            self.env["aftersales.rate.limit"]._visitor_key("198.51.100.4"),
            "198.51.100.4",
        )
        self.assertEqual(
            self.env["aftersales.rate.limit"]._visitor_key("::ffff:198.51.100.4"),
            "198.51.100.4",
        )

    def test_over_the_limit_writes_nothing(self):
        limit = check_controller.CHECK_LIMIT
        for i in range(limit):
            self._check(f"SN-N{i}")
        hits = self.env["aftersales.rate.limit"].sudo()
        before = hits.search_read([], ["key", "date"])
        self.assertEqual(self._check("SN-NLAST").status_code, 429)
        self.env.invalidate_all()
        self.assertEqual(hits.search_read([], ["key", "date"]), before)


@tagged("post_install", "-at_install")
class TestPublicWarrantyCheckScope(PublicCheckCommon, HttpCase):
    def _assert_unknown(self, serial, *secrets):
        page = self._check(serial)
        self.assertEqual(page.status_code, 200)
        self.assertIn("We know no product with this serial number", page.text)
        for secret in secrets:
            self.assertNotIn(secret, page.text)

    def test_other_company_unit_is_unknown(self):
        self._unit_of_company_b("SN-PUB-B1")
        self._assert_unknown("SN-PUB-B1", self.product_serial.name, "Active")
        # The same serial sold by both companies: only this company's unit.
        self._unit("SN-PUB-AB")
        self._unit_of_company_b("SN-PUB-AB", partner=self.customer_b)
        self.env["aftersales.warranty"].search(
            [("serial", "=", "SN-PUB-AB"), ("company_id", "=", self.company.id)]
        ).state = "expired"
        page = self._check("SN-PUB-AB")
        self.assertIn("Expired", page.text)
        self.assertNotIn("Boris", page.text)

    def test_archived_or_unsold_product_is_unknown(self):
        self._unit("SN-PUB-ARCH")
        self.product_serial.sale_ok = False
        self._assert_unknown("SN-PUB-ARCH", self.product_serial.name)
        self.product_serial.sale_ok = True
        self.product_serial.active = False
        self._assert_unknown("SN-PUB-ARCH", self.product_serial.name)
        self.product_serial.active = True
        page = self._check("SN-PUB-ARCH")
        self.assertIn(self.product_serial.name, page.text)

    def test_a_lot_in_stock_of_an_unsold_product_is_unknown(self):
        self._stock(self.product_serial, serials=["SN-PUB-STOCK"])
        self.assertIn("no registered warranty", self._check("SN-PUB-STOCK").text)
        self.product_serial.sale_ok = False
        self._assert_unknown("SN-PUB-STOCK")

    def test_bad_input_never_500(self):
        for serial in ("%00", "x" * 5000, "%27%22%3Cscript%3E", "SN-%E2%80%AE"):
            with self.subTest(serial=serial[:20]):
                page = self._check(serial)
                self.assertIn(page.status_code, (200, 429))
                self.assertNotIn("<script>", page.text)
        page = self.url_open("/warranty/check?serial=a&serial=b")
        self.assertIn(page.status_code, (200, 429))


@tagged("post_install", "-at_install")
class TestRateLimitAcrossServers(PublicCheckCommon):
    """Two workers or two servers are two database transactions: the second
    one must see the first one's hit even when it began before the first
    one committed (PostgreSQL REPEATABLE READ, as Odoo runs)."""

    def test_two_transactions_cannot_both_take_the_last_hit(self):
        key = f"test-race-{uuid.uuid4()}"
        db = sql_db.db_connect(self.env.cr.dbname)
        first, second = db.cursor(), db.cursor()
        try:
            # Both requests have begun (their snapshot is taken).
            first.execute("SELECT 1")
            second.execute("SELECT 1")
            env_first = api.Environment(first, SUPERUSER_ID, {})
            env_second = api.Environment(second, SUPERUSER_ID, {})
            self.assertFalse(env_first["aftersales.rate.limit"]._hit(key, 1, 60))
            first.commit()
            try:
                over = env_second["aftersales.rate.limit"]._hit(key, 1, 60)
            except psycopg2.errors.SerializationFailure:
                # Odoo replays the request; the replay sees the hit.
                second.rollback()
                over = env_second["aftersales.rate.limit"]._hit(key, 1, 60)
            self.assertTrue(over, "both transactions took the only allowed hit")
            second.rollback()
        finally:
            first.rollback()
            second.rollback()
            first.execute("DELETE FROM aftersales_rate_limit WHERE key = %s", [key])
            first.commit()
            first.close()
            second.close()
