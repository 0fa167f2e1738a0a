# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Locust users of bench/bench_portal_load.py: portal customers, each logged
in with an account of its own, reading the after-sales portal pages and, as
the anchor, Odoo's own order pages. Runs in a virtual environment of its own
(Locust brings its own gevent); the accounts come in BENCH_LOGINS."""

import os
import re
import time
from itertools import count

from locust import HttpUser, between, task

LOGINS = os.environ["BENCH_LOGINS"].split(",")
# While the customers log in (one password hash each), the pages wait for
# the logins: their timings count from the end of this warm-up.
WARMUP = float(os.environ.get("BENCH_WARMUP", "20"))
START = time.monotonic()
_next_login = count()


class PortalCustomer(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        # One connection a request, as a proxy in front of Odoo's workers
        # makes them (a worker closes a kept-alive connection that idles).
        self.client.headers["Connection"] = "close"
        login = LOGINS[next(_next_login) % len(LOGINS)]
        page = self.client.get("/web/login", name="login page")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        with self.client.post(
            "/web/login",
            data={"login": login, "password": login, "csrf_token": token},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 303:
                answer.failure(f"login {login}: {answer.status_code}")
        # The customer's claim and order to read, found the way a user does.
        claims = self.client.get("/my/claims", name="setup: claims").text
        orders = self.client.get("/my/orders", name="setup: orders").text
        self.claim_url = re.search(r'href="(/my/claims/\d+)[^"]*"', claims).group(1)
        self.order_url = re.search(r'href="(/my/orders/\d+)[^"]*"', orders).group(1)

    def _get(self, url, name, text):
        if time.monotonic() - START < WARMUP:
            name = f"warm-up {name}"
        with self.client.get(url, name=name, catch_response=True) as answer:
            if answer.status_code != 200 or text not in answer.text:
                answer.failure(f"{url}: {answer.status_code}")

    @task
    def home(self):
        self._get("/my", "/my", "o_portal_my_home")

    @task
    def claims(self):
        self._get("/my/claims", "/my/claims", "o_portal_my_doc_table")

    @task
    def claim(self):
        self._get(self.claim_url, "/my/claims/<id>", "o_portal")

    @task
    def warranties(self):
        self._get("/my/warranties", "/my/warranties", "o_portal_my_doc_table")

    @task
    def orders(self):
        self._get("/my/orders", "anchor /my/orders", "o_portal_my_doc_table")

    @task
    def order(self):
        self._get(self.order_url, "anchor /my/orders/<id>", "o_portal")
