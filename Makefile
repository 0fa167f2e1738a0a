# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
#   make run     serve Odoo 18 with both addons on a demo database
#   make run-prod  the same database served as in production (workers, bus)
#   make test    run the whole test suite on a fresh database
#   make test-odoo  the addons' tests under Odoo's own runner (as OCA's CI)
#   make test-upstream  the tests of the Odoo and OCA addons ours extend
#   make lint    the pre-commit hooks on every file (.pre-commit-config.yaml)
#   make wheels  one wheel per addon into dist/ (whool)
#   make readme  write the addons' README.rst (tools/gen_readme.py)
#   make update  upgrade both addons in the demo database
#   make bench   the benchmarks of bench/ (a database of their own)
#   make bench-load  50 portal customers at once, ours against Odoo's pages

SHELL := /bin/bash
export ODOO_SRC ?= /opt/odoo-18.0
export VENV ?= $(CURDIR)/.venv
export ODOO_CONF ?= $(VENV)/odoo.conf
DB ?= aftersales_demo
TEST_DB ?= aftersales_test
BENCH_DB ?= aftersales_bench
BENCH_ARGS ?=
LOAD_ARGS ?=
LOAD_VENV ?= $(VENV)-load
PORT ?= 8069
GEVENT_PORT ?= 8072
WORKERS ?= 2
ADDONS := aftersales_service,aftersales_service_reports
# The Odoo and OCA addons ours extend, whose own tests must pass beside ours.
UPSTREAM ?= helpdesk_mgmt,base_territory,fieldservice,fieldservice_stock,fieldservice_equipment_stock,fieldservice_recurring,repair,sale_stock
comma := ,
ODOO := $(VENV)/bin/python $(VENV)/bin/odoo -c $(ODOO_CONF)
PYTEST_ARGS ?=
TESTS ?= aftersales_service/tests aftersales_service_reports/tests tests

.PHONY: run run-prod test test-odoo test-upstream lint update bench prepare demo-db test-db wheels readme bench-db bench-load

prepare:
	@bash tools/bootstrap.sh >/dev/null
	@bash tools/ensure_postgres.sh

# Create and fill the demo database once; later runs keep its data.
demo-db: prepare
	@if [ "$$(psql -d $(DB) -tAc "select state from ir_module_module where name = 'aftersales_service_reports'" 2>/dev/null)" != installed ]; then \
		if psql -d $(DB) -tAc "select 1" >/dev/null 2>&1; then \
			echo "==> The database $(DB) has no after-sales addons: installing them into it"; \
		else \
			echo "==> Creating the demo database $(DB)"; \
		fi; \
		$(ODOO) -d $(DB) -i $(ADDONS) --stop-after-init --log-level=warn; \
	fi

run: demo-db
	$(ODOO) -d $(DB) --http-port=$(PORT) --db-filter='^$(DB)$$'

# Production-like: HTTP workers, a cron worker, the gevent process of the bus
# (websocket) on GEVENT_PORT, proxy mode and the usual limits; put a proxy in
# front (README, "Production").
run-prod: demo-db
	$(ODOO) -d $(DB) --db-filter='^$(DB)$$' --http-port=$(PORT) --gevent-port=$(GEVENT_PORT) \
		--workers=$(WORKERS) --max-cron-threads=1 --proxy-mode \
		--limit-memory-soft=2147483648 --limit-memory-hard=2684354560 \
		--limit-time-cpu=600 --limit-time-real=1200 --limit-request=65536

update: prepare
	$(ODOO) -d $(DB) -u $(ADDONS) --stop-after-init --log-level=warn

# A throw-away database with both addons and no demo data, and a copy of it
# that the install test uninstalls and installs again; alongside, installed at
# the same time, a database with the demo data that tests/test_demo_data.py
# walks.
test-db: prepare
	@echo "==> Creating the test databases $(TEST_DB) and $(TEST_DB)_demo"
	@for db in $(TEST_DB) $(TEST_DB)_reinstall $(TEST_DB)_demo; do \
		dropdb --if-exists $$db || exit 1; \
	done
	@log=$$(mktemp); \
	$(ODOO) -d $(TEST_DB)_demo -i $(ADDONS) --stop-after-init --log-level=warn >"$$log" 2>&1 & demo=$$!; \
	$(ODOO) -d $(TEST_DB) -i $(ADDONS) --without-demo=all --stop-after-init --log-level=warn; status=$$?; \
	wait $$demo || status=1; \
	cat "$$log"; rm -f "$$log"; \
	[ $$status = 0 ] && createdb -T $(TEST_DB) $(TEST_DB)_reinstall

test: test-db
	AFTERSALES_REINSTALL_DB=$(TEST_DB)_reinstall AFTERSALES_DEMO_DB=$(TEST_DB)_demo \
	$(VENV)/bin/pytest --odoo-config=$(ODOO_CONF) --odoo-database=$(TEST_DB) \
		--odoo-http --odoo-log-level=warn $(PYTEST_ARGS) $(TESTS)
	@dropdb --if-exists $(TEST_DB)_reinstall && dropdb --if-exists $(TEST_DB)_demo

# The addons' tests under Odoo's own runner, on a database of their own;
# prints the counts and checks that pytest collects as many.
test-odoo: prepare
	@ADDONS=$(ADDONS) ODOO="$(ODOO)" TEST_ODOO_DB=$(TEST_DB)_odoo bash tools/test_odoo.sh

# The tests of the addons ours extend, in a registry that holds ours.
test-upstream: prepare
	@ADDONS=$(ADDONS) UPSTREAM=$(UPSTREAM) ODOO="$(ODOO)" \
		TEST_UPSTREAM_DB=$(TEST_DB)_upstream bash tools/test_upstream.sh

# pre-commit installs each hook's tool (pinned, from PyPI or npm) the first
# time; ruff, ruff format and pylint-odoo are among the hooks.
lint: prepare
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

# The addons' README.rst from their manifest and readme/*.md.
readme: prepare
	$(VENV)/bin/python tools/gen_readme.py

# One wheel per addon, odoo-addon-<addon>, built by whool from what git
# tracks in the addon's folder (commit or add new files first).
wheels: prepare
	rm -rf dist
	$(VENV)/bin/python -m pip wheel --disable-pip-version-check -q --no-deps \
		--no-build-isolation --wheel-dir dist $(addprefix ./,$(subst $(comma), ,$(ADDONS)))
	@ls -1 dist

# The benchmarks roll back what they create; their database is kept and
# upgraded on each run.
bench-db: prepare
	@if [ "$$(psql -d $(BENCH_DB) -tAc "select state from ir_module_module where name = 'aftersales_service_reports'" 2>/dev/null)" != installed ]; then \
		echo "==> Creating the benchmark database $(BENCH_DB)"; \
		$(ODOO) -d $(BENCH_DB) -i $(ADDONS) --without-demo=all --stop-after-init --log-level=warn; \
	fi

bench: bench-db
	@# OCA rma, to compare against, lives in the benchmark database only.
	$(ODOO) -d $(BENCH_DB) -i rma -u $(ADDONS) --stop-after-init --log-level=warn
	$(VENV)/bin/python bench/bench_warranty.py -c $(ODOO_CONF) -d $(BENCH_DB) $(BENCH_ARGS)
	$(VENV)/bin/python bench/bench_claim.py -c $(ODOO_CONF) -d $(BENCH_DB)
	$(VENV)/bin/python bench/bench_reports.py -c $(ODOO_CONF) -d $(BENCH_DB)
	$(VENV)/bin/python bench/bench_analysis.py -c $(ODOO_CONF) -d $(BENCH_DB)
	$(VENV)/bin/python bench/bench_planning.py -c $(ODOO_CONF) -d $(BENCH_DB)
	$(VENV)/bin/python bench/bench_maintenance_plan.py -c $(ODOO_CONF) -d $(BENCH_DB)
	$(VENV)/bin/python bench/bench_mis.py -c $(ODOO_CONF) -d $(BENCH_DB)
	$(VENV)/bin/python bench/bench_reserve.py -c $(ODOO_CONF) -d $(BENCH_DB)

# Many portal customers at once against Odoo with workers (Locust, in a
# virtual environment of its own: it brings its own gevent). The customers
# stay in the benchmark database.
bench-load: bench-db
	@[ -x $(LOAD_VENV)/bin/locust ] || { echo "==> Installing Locust into $(LOAD_VENV)"; \
		python3 -m venv $(LOAD_VENV) && $(LOAD_VENV)/bin/pip install -q 'locust>=2.20,<3'; }
	$(ODOO) -d $(BENCH_DB) -u $(ADDONS) --stop-after-init --log-level=warn
	cd bench && $(VENV)/bin/python bench_portal_load.py -c $(ODOO_CONF) -d $(BENCH_DB) \
		--locust $(LOAD_VENV)/bin/locust $(LOAD_ARGS)
