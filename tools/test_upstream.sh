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
# Five of fieldservice's own tests fail beside its companions, with or without
# our addons (a database of fieldservice, fieldservice_stock,
# fieldservice_equipment_stock and fieldservice_recurring alone fails the
# same five): fieldservice_equipment_stock makes an equipment's product
# required and fieldservice_stock gives sites an inventory location, which
# those tests don't fill in. They are OCA's to fix. Any other failure, or one
# of those five passing (then this list is out of date), fails the run.
known="fieldservice/tests/test_fsm_category.py::TestFsmCategory::test_fsm_order
fieldservice/tests/test_fsm_equipment.py::FSMEquipment::test_fsm_equipment
fieldservice/tests/test_fsm_order.py::TestFSMOrder::test_fsm_order
fieldservice/tests/test_fsm_order_template_onchange.py::TestTemplateOnchange::test_fsm_order
fieldservice/tests/test_fsm_wizard.py::FSMWizard::test_prepare_fsm_location_root_partner"
case ",$UPSTREAM," in *,fieldservice,*) ;; *) known="" ;; esac
# helpdesk_mgmt's JS test class inherits every test of web's own JS suite
# (imported into its module): those are web's tests, with a filter that
# matches none of them; the class's own test stays.
log=$(mktemp)
"$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database="$db" --odoo-http \
    --odoo-log-level=warn -q -rfE -p no:cacheprovider "${folders[@]}" \
    -k "not WebSuite and not test_qunit and not test_hoot and not test_check_suite \
and not test_generate_hoot_hash and not test_get_hoot and not test_get_qunit \
and not test_unit_desktop" | tee "$log"
ran=${PIPESTATUS[0]}
failed=$(grep -oE "^(FAILED|ERROR) [^ ]+" "$log" | cut -d' ' -f2 | sed -E 's|^.*/odoo/addons/||' | sort -u)
rm -f "$log"
status=0
# 0: all passed, 1: some failed (sorted out below); anything else: pytest
# itself went wrong (collection, interruption, usage).
if [ "$ran" != 0 ] && [ "$ran" != 1 ]; then
    echo "pytest stopped with exit code $ran"; status=1
fi
unexpected=$(comm -23 <(echo "$failed" | sed '/^$/d') <(echo "$known" | sed '/^$/d' | sort))
fixed=$(comm -13 <(echo "$failed" | sed '/^$/d') <(echo "$known" | sed '/^$/d' | sort))
if [ -n "$unexpected" ]; then
    echo "Failed beside our addons:"; echo "$unexpected"; status=1
fi
if [ -n "$fixed" ]; then
    echo "Known to fail upstream, passed now (update tools/test_upstream.sh):"; echo "$fixed"; status=1
fi
[ "$status" = 0 ] && echo "==> The upstream suites pass with our addons (known upstream failures: $(echo "$known" | sed '/^$/d' | wc -l))"
dropdb --if-exists "$db"
exit $status
