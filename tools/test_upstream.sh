#!/usr/bin/env bash
# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
# The test suites of the Odoo and OCA addons that ours extend, run with our
# addons installed: a fresh database with both addons and the demo data
# (OCA's tests read their addons' demo records), then each upstream addon's
# tests/ under pytest, in the registry that holds ours.
#
# Environment: ODOO (the odoo command with its config), ADDONS, UPSTREAM
# (comma separated), TEST_UPSTREAM_DB, VENV, ODOO_CONF.
set -uo pipefail

db=${TEST_UPSTREAM_DB:-aftersales_test_upstream}
dropdb --if-exists "$db" || exit 1
echo "==> $db: both addons with their demo data"
$ODOO -d "$db" -i "$ADDONS" --stop-after-init --log-level=warn || exit 1

# Each upstream addon must be installed there: a suite that cannot run is
# a failure, not a skip.
folders=()
for addon in ${UPSTREAM//,/ }; do
    state=$(psql -d "$db" -tAc "SELECT state FROM ir_module_module WHERE name = '$addon'")
    if [ "$state" != installed ]; then
        echo "$addon is not installed with our addons (state: ${state:-unknown})"
        dropdb --if-exists "$db"
        exit 1
    fi
    folder=$("$VENV/bin/python" - "$addon" <<'PY'
import sys

import odoo
from odoo.modules.module import get_module_path

odoo.tools.config.parse_config(["-c", __import__("os").environ["ODOO_CONF"]])
print(get_module_path(sys.argv[1]))
PY
)
    [ -d "$folder/tests" ] && folders+=("$folder/tests")
done
echo "==> Their tests: ${UPSTREAM}"
# helpdesk_mgmt's JS test class inherits every test of web's own JS suite
# (imported into its module): those are web's tests, with a filter that
# matches none of them; the class's own test stays.
"$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database="$db" --odoo-http \
    --odoo-log-level=warn -q -p no:cacheprovider "${folders[@]}" \
    -k "not WebSuite and not test_qunit and not test_hoot and not test_check_suite \
and not test_generate_hoot_hash and not test_get_hoot and not test_get_qunit \
and not test_unit_desktop"
status=$?
dropdb --if-exists "$db"
exit $status
