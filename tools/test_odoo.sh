#!/usr/bin/env bash
# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
# The addons' tests under Odoo's own runner, as OCA's CI runs them: a fresh
# database, both addons installed without demo data, their tests run while
# Odoo loads (--test-enable --stop-after-init). Then the same count of tests
# from pytest's point of view: both runners must see every test.
#
# Environment: ODOO (the odoo command with its config), ADDONS (comma
# separated), TEST_ODOO_DB, TEST_ODOO_PORT, VENV, ODOO_CONF.
set -uo pipefail

db=${TEST_ODOO_DB:-aftersales_test_odoo}
port=${TEST_ODOO_PORT:-18070}
tags=$(echo "$ADDONS" | sed -E 's/(^|,)/\1\//g')
log=$(mktemp)
trap 'rm -f "$log"' EXIT

dropdb --if-exists "$db" || exit 1
echo "==> Odoo's test runner on $db (tags $tags)"
$ODOO -d "$db" -i "$ADDONS" --without-demo=all --test-enable --test-tags "$tags" \
    --stop-after-init --http-port="$port" --log-level=test >"$log" 2>&1
status=$?
summary=$(grep -oE "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$log" | tail -n 1)
if [ "$status" != 0 ]; then
    # What went wrong, in Odoo's words (a failing test logs FAIL or ERROR;
    # some tests make Odoo log an error on purpose, so only on failure).
    grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " -A 12 "$log" | grep -v "^--$" | head -n 300
fi
dropdb --if-exists "$db"
if [ -z "$summary" ]; then
    echo "Odoo's runner printed no test summary (exit code $status); the end of its log:"
    tail -n 40 "$log"
    exit 1
fi
read -r failed errors ran <<<"$(echo "$summary" | grep -oE "[0-9]+" | tr '\n' ' ')"
passed=$((ran - failed - errors))
echo "Odoo's runner: $passed passed, $failed failed, $errors errors of $ran tests"

# pytest collects the same test modules (it finds them by file name, Odoo by
# the tests' __init__.py): the two counts must agree.
collected=$("$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database=postgres \
    --odoo-http --collect-only -q -p no:cacheprovider \
    $(echo "$ADDONS" | tr ',' '\n' | sed 's|$|/tests|') 2>/dev/null \
    | grep -oE "^[0-9]+ tests? collected" | grep -oE "^[0-9]+")
echo "pytest collects: ${collected:-?} tests in the addons"
if [ "$status" != 0 ] || [ "$failed" != 0 ] || [ "$errors" != 0 ]; then
    exit 1
fi
if [ "${collected:-}" != "$ran" ]; then
    echo "The runners disagree: is every test module imported by its tests/__init__.py?"
    exit 1
fi
