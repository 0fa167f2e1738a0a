# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo started as in production (``--workers``: HTTP workers, a cron
worker and the gevent process of the bus) serves the addons' pages and the
bus websocket, with no traceback in its log.

The server runs in a process of its own on the demo database (its users:
``admin`` and the portal user ``portal``), on free loopback ports.
"""

import contextlib
import datetime
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests
import websocket

import odoo

STARTUP_SECONDS = 90


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _odoo_server(database, log_dir, workers=2, environment=None):
    """An Odoo server process on ``database``, on free loopback ports, in
    proxy mode; yields its URLs and the paths of its log and console."""
    http_port, gevent_port = _free_port(), _free_port()
    log = log_dir / "odoo.log"
    command = [
        sys.executable,
        shutil.which("odoo", path=os.path.dirname(sys.executable)) or "odoo",
        f"--config={odoo.tools.config.rcfile}",
        f"--database={database.name}",
        f"--db-filter=^{database.name}$",
        f"--workers={workers}",
        "--max-cron-threads=1",
        "--proxy-mode",
        "--http-interface=127.0.0.1",
        f"--http-port={http_port}",
        f"--gevent-port={gevent_port}",
        f"--logfile={log}",
        "--log-level=info",
    ]
    # What a process prints before its logging starts (a crash at import,
    # such as the gevent process's) goes to the console, not to the log.
    console = log.with_name("console.log")
    with console.open("w") as output:
        server = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            env={**os.environ, **(environment or {})},
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert server.poll() is None, console.read_text()[-4000:]
            try:
                if requests.get(f"{base}/web/login", timeout=5).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):
                # Not listening yet, or its first request still loading the
                # registry (seconds on a busy machine): ask again.
                pass
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.5)
        yield {
            "base": base,
            "websocket": f"ws://127.0.0.1:{gevent_port}/websocket",
            "logs": (log, console),
            "process": server,
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def workers_server(demo_database, tmp_path_factory):
    """Odoo with two HTTP workers on the demo database."""
    with _odoo_server(demo_database, tmp_path_factory.mktemp("workers")) as server:
        yield server


def _login(server, login, password):
    session = requests.Session()
    page = session.get(f"{server['base']}/web/login", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{server['base']}/web/login",
        data={"login": login, "password": password, "csrf_token": token},
        timeout=30,
    )
    assert answer.ok, answer.status_code
    assert "session_id" in session.cookies
    return session


def _call(server, session, model, method, *args, **kwargs):
    """The JSON-RPC answer of ``model.method(*args, **kwargs)`` on
    ``server``: its result or its error."""
    return session.post(
        f"{server['base']}/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs,
            },
        },
        timeout=60,
    ).json()


def _rpc(server, session, model, method, *args, **kwargs):
    answer = _call(server, session, model, method, *args, **kwargs)
    assert "error" not in answer, answer.get("error")
    return answer["result"]


def test_portal_pages_under_workers(workers_server):
    session = _login(workers_server, "portal", "portal")
    for path, text in (
        ("/my", "Claims"),
        ("/my/claims", "Claims"),
        ("/my/warranties", "Warranties"),
        ("/warranty/check", "serial"),
    ):
        page = session.get(workers_server["base"] + path, timeout=30)
        assert page.status_code == 200, (path, page.status_code)
        assert text in page.text, path


def test_backend_under_workers(workers_server):
    session = _login(workers_server, "admin", "admin")
    page = session.get(
        workers_server["base"]
        + "/odoo/action-aftersales_service.aftersales_claim_action",
        timeout=30,
    )
    assert page.status_code == 200
    claims = _rpc(
        workers_server,
        session,
        "aftersales.claim",
        "search_read",
        [],
        fields=["name", "state", "is_late"],
    )
    assert any(claim["is_late"] for claim in claims)


def test_bus_websocket_under_workers(workers_server, demo_database):
    """The gevent process takes the websocket of a logged-in user and acts
    on its events: an ``update_presence`` marks the user online."""
    session = _login(workers_server, "portal", "portal")
    portal_uid = demo_database.query("SELECT id FROM res_users WHERE login = 'portal'")[
        0
    ][0]
    connection = websocket.create_connection(
        workers_server["websocket"],
        cookie=f"session_id={session.cookies['session_id']}",
        origin=workers_server["base"],
        timeout=30,
    )
    try:
        connection.send(
            json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}})
        )
        connection.send(
            json.dumps(
                {
                    "event_name": "update_presence",
                    "data": {"inactivity_period": 0, "im_status_ids_by_model": {}},
                }
            )
        )
        deadline = time.monotonic() + 20
        while True:
            status = demo_database.query(
                "SELECT status FROM bus_presence WHERE user_id = %s", [portal_uid]
            )
            if status and status[0][0] == "online":
                break
            assert time.monotonic() < deadline, f"presence: {status}"
            time.sleep(0.3)
        assert connection.connected
    finally:
        connection.close()


def test_rate_limit_holds_across_servers(workers_server, demo_database, tmp_path):
    """Two Odoo servers on one database count the same public warranty
    checks: the limit (10 a minute per visitor) is reached whichever server
    the visitor's requests go to."""
    # A visitor of its own, as the proxy names it (proxy mode trusts it).
    visitor = {"X-Forwarded-For": f"198.51.100.{random.randint(1, 254)}"}
    with _odoo_server(demo_database, tmp_path, workers=0) as other:
        servers = (workers_server, other)
        for check in range(10):
            page = requests.get(
                servers[check % 2]["base"] + "/warranty/check",
                params={"serial": f"NO-SUCH-{check}"},
                headers=visitor,
                timeout=30,
            )
            assert page.ok
            assert "Too many checks" not in page.text, check
        for server in servers:
            page = requests.get(
                server["base"] + "/warranty/check",
                params={"serial": "NO-SUCH-11"},
                headers=visitor,
                timeout=30,
            )
            assert "Too many checks" in page.text, server["base"]
        log, console = other["logs"]
        for path in (log, console):
            assert "Traceback" not in path.read_text()


def test_loan_race_across_servers(workers_server, demo_database, tmp_path):
    """Two servers asked at the same instant to lend the same loaner unit:
    one lends it, the other refuses with a clear message, and the unit has
    one open loan."""
    with _odoo_server(demo_database, tmp_path, workers=0) as other:
        servers = (workers_server, other)
        sessions = [_login(server, "admin", "admin") for server in servers]
        lot_id = _rpc(
            servers[0],
            sessions[0],
            "stock.lot",
            "search",
            [("aftersales_loaner_state", "=", "free")],
            limit=1,
        )[0]
        partner_id = _rpc(
            servers[0], sessions[0], "res.users", "read", [2], ["partner_id"]
        )[0]["partner_id"][0]
        due = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
        start = threading.Barrier(2)
        answers = [None, None]

        def lend(index):
            start.wait()
            answers[index] = _call(
                servers[index],
                sessions[index],
                "aftersales.loan",
                "create",
                {"lot_id": lot_id, "partner_id": partner_id, "date_due": due},
            )

        threads = [threading.Thread(target=lend, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        lent = [answer for answer in answers if "result" in answer]
        refused = [answer for answer in answers if "error" in answer]
        assert len(lent) == 1 and len(refused) == 1, [
            answer.get("error", {}).get("data", {}).get("message") for answer in answers
        ]
        error = refused[0]["error"]["data"]
        assert error["name"] == "odoo.exceptions.UserError", error
        assert demo_database.query(
            "SELECT count(*) FROM aftersales_loan "
            "WHERE lot_id = %s AND state IN ('draft', 'lent')",
            [lot_id],
        ) == [(1,)]
        # The draft loan goes, the demo as it was.
        _rpc(servers[0], sessions[0], "aftersales.loan", "unlink", lent[0]["result"])


def test_without_wkhtmltopdf_a_document_says_why(demo_database, tmp_path):
    """On a server that finds no wkhtmltopdf, a customer asking for a claim's
    PDF gets a page that says so, and the server goes on."""
    claim_id = demo_database.query(
        "SELECT id FROM aftersales_claim WHERE state = 'done' LIMIT 1"
    )[0][0]
    with _odoo_server(
        demo_database, tmp_path, workers=0, environment={"PATH": "/nonexistent"}
    ) as server:
        # The link the customer got by e-mail.
        admin = _login(server, "admin", "admin")
        url = _rpc(server, admin, "aftersales.claim", "get_portal_url", [claim_id])
        token = re.search(r"access_token=([^&]+)", url).group(1)
        page = requests.get(
            f"{server['base']}/my/claims/{claim_id}/document/acceptance",
            params={"access_token": token},
            timeout=60,
        )
        assert page.status_code == 400
        assert "Wkhtmltopdf" in page.text
        assert requests.get(f"{server['base']}/web/login", timeout=30).ok
        log, console = server["logs"]
        for path in (log, console):
            assert "Traceback" not in path.read_text()


def test_a_database_without_the_addons(bare_database, tmp_path):
    """A production server on a database where the addons were never
    installed serves Odoo as it is: the addons' addresses answer Odoo's own
    "not found" page, the rest works, and nothing crashes or restarts."""
    with _odoo_server(bare_database, tmp_path) as server:
        for path in ("/my/claims", "/my/warranties", "/warranty/check"):
            page = requests.get(f"{server['base']}{path}", timeout=30)
            assert page.status_code == 404, path
            assert "404" in page.text
        assert requests.get(f"{server['base']}/web/login", timeout=30).ok
        time.sleep(3)
        assert server["process"].poll() is None, "the server stopped"
        log, console = server["logs"]
        text = log.read_text() + console.read_text()
        assert "Traceback" not in text, text[-4000:]
        assert "odoo.addons.aftersales" not in text, "nothing of the addons ran"


def test_no_traceback_in_the_server_log(workers_server):
    """Last of the module: the server printed no traceback while it served
    the tests above, in its log or on its console (the gevent process
    included), and its gevent process came up."""
    log, console = workers_server["logs"]
    for path in (log, console):
        text = path.read_text()
        assert "Traceback" not in text, text[text.index("Traceback") - 2000 :][:6000]
    assert "Evented Service (longpolling) running" in log.read_text()
