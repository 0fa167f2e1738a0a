# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the cross-addon tests (pytest-odoo loads the registry)."""

import os
import shutil
import subprocess
import sys
import uuid
from unittest import mock

import pytest

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.modules.registry import Registry

ADDONS = ("aftersales_service", "aftersales_service_reports")


class OdooDatabase:
    """A database of its own, driven through Odoo's command line."""

    def __init__(self, name):
        self.name = name

    def odoo(self, *args, script=None):
        """Run Odoo on this database; ``script`` runs in ``odoo shell``."""
        command = [
            sys.executable,
            shutil.which("odoo", path=os.path.dirname(sys.executable)) or "odoo",
        ]
        if script:
            command.append("shell")
        command += [
            f"--config={odoo.tools.config.rcfile}",
            f"--database={self.name}",
            "--log-level=warn",
            "--no-http",
            *args,
        ]
        if not script:
            command.append("--stop-after-init")
        result = subprocess.run(
            command, input=script, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr[-4000:]
        return result.stdout

    def query(self, sql, params=None):
        with sql_db.db_connect(self.name).cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    def close(self):
        sql_db.close_db(self.name)


@pytest.fixture
def addons_database():
    """A database with both addons installed, dropped after the test.

    `make test` prepares a copy of the test database and names it in
    AFTERSALES_REINSTALL_DB; without it the addons are installed afresh.
    """
    name = os.environ.get("AFTERSALES_REINSTALL_DB")
    if name and not OdooDatabase("postgres").query(
        "SELECT 1 FROM pg_database WHERE datname = %s", [name]
    ):
        name = None
    database = OdooDatabase(name or f"aftersales_install_{uuid.uuid4().hex[:8]}")
    if not name:
        subprocess.run(["createdb", database.name], check=True)
        database.odoo("--init=" + ",".join(ADDONS), "--without-demo=all")
    try:
        yield database
    finally:
        database.close()
        subprocess.run(["dropdb", "--if-exists", database.name], check=True)


@pytest.fixture
def bare_database():
    """A database with Odoo's base and none of the addons, dropped after."""
    database = OdooDatabase(f"aftersales_bare_{uuid.uuid4().hex[:8]}")
    subprocess.run(["createdb", database.name], check=True)
    try:
        database.odoo("--init=base", "--without-demo=all")
        yield database
    finally:
        database.close()
        subprocess.run(["dropdb", "--if-exists", database.name], check=True)


@pytest.fixture(scope="module")
def demo_database():
    """A database with both addons and their demo data.

    `make test` installs it next to the test database and names it in
    AFTERSALES_DEMO_DB (and drops it after); without it the addons are
    installed with their demo data afresh, and dropped after the tests.
    """
    name = os.environ.get("AFTERSALES_DEMO_DB")
    if name and not OdooDatabase("postgres").query(
        "SELECT 1 FROM pg_database WHERE datname = %s", [name]
    ):
        name = None
    database = OdooDatabase(name or f"aftersales_demo_{uuid.uuid4().hex[:8]}")
    if not name:
        subprocess.run(["createdb", database.name], check=True)
        database.odoo("--init=" + ",".join(ADDONS))
    try:
        yield database
    finally:
        database.close()
        if not name:
            subprocess.run(["dropdb", "--if-exists", database.name], check=True)


@pytest.fixture(scope="module")
def demo_env(demo_database):
    """An environment on the demo database, as the superuser in UTC; what a
    test changes there is rolled back."""
    # The registry of a second database, in this process; loading it must
    # not run the addons' tests (pytest-odoo turned test_enable on).
    with mock.patch.dict(odoo.tools.config.options, test_enable=False):
        registry = Registry(demo_database.name)
    try:
        with registry.cursor() as cr:
            # The demo tells its story in the server's days (UTC: its XML
            # loads with that time zone), and is read in the same days.
            yield api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
            cr.rollback()
    finally:
        Registry.delete(demo_database.name)
