#!/usr/bin/env bash
# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
# Prepare everything `make run` and `make test` need, and write the Odoo
# configuration file. Safe to run again: what is in place is kept, and the
# Python packages are installed again only when their inputs changed.
#
# Environment: ODOO_SRC (Odoo 18.0 source, default /opt/odoo-18.0), VENV,
# PYTHON, ODOO_CONF, ODOO_CACHE (where Odoo is cloned when ODOO_SRC is
# missing).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo-18.0}
VENV=${VENV:-$here/.venv}
PYTHON=${PYTHON:-python3}
ODOO_CONF=${ODOO_CONF:-$VENV/odoo.conf}
ODOO_CACHE=${ODOO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aftersales-service}
ODOO_REPO=${ODOO_REPO:-https://github.com/odoo/odoo.git}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# 1. Odoo's source.
if [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
    cached="$ODOO_CACHE/odoo-18.0"
    if [ ! -f "$cached/odoo/release.py" ]; then
        say "No Odoo at $ODOO_SRC: cloning Odoo 18.0 into $cached (about 1 GB)"
        mkdir -p "$ODOO_CACHE"
        git clone --depth 1 --branch 18.0 "$ODOO_REPO" "$cached"
    fi
    ODOO_SRC=$cached
fi
if ! grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py"; then
    echo "$ODOO_SRC does not hold Odoo 18.0: set ODOO_SRC to an Odoo 18.0 source tree." >&2
    exit 1
fi

# 2. The virtual environment and its packages.
if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the virtual environment $VENV"
    "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.aftersales-installed"
inputs=$(cat "$ODOO_SRC/requirements.txt" "$here/setup.py" "$here/tools/requirements-dev.txt" \
    "$0"; echo "$ODOO_SRC")
digest=$(printf '%s' "$inputs" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    log="$VENV/install.log"
    say "Installing Odoo 18.0, its requirements, the OCA addons (helpdesk_mgmt, fieldservice) and this project into $VENV (log: $log)"
    : > "$log"
    pip() {
        if ! "$VENV/bin/python" -m pip --disable-pip-version-check -q "$@" >> "$log" 2>&1; then
            tail -n 40 "$log" >&2
            echo "pip failed: see $log" >&2
            exit 1
        fi
    }
    pip install -U pip 'setuptools<70' wheel
    # Odoo pins cbor2 5.4.2, which PyPI no longer serves for every Python;
    # 5.4.6 is the same API. python-ldap (LDAP login) needs system headers
    # and is left out. Old source distributions build with the pinned
    # setuptools, hence --no-build-isolation.
    requirements="$VENV/odoo-requirements.txt"
    sed -e '/^python-ldap/d' -e 's/^cbor2==5\.4\.2/cbor2==5.4.6/' \
        "$ODOO_SRC/requirements.txt" > "$requirements"
    pip install --no-build-isolation -r "$requirements"
    # Odoo itself, editable in "compat" mode: its source folder goes on
    # sys.path, so `odoo` stays a regular package beside the odoo/addons
    # folders that addon wheels install.
    pip install --no-deps --no-build-isolation -e "$ODOO_SRC" \
        --config-settings editable_mode=compat
    pip install --no-build-isolation -r "$here/tools/requirements-dev.txt"
    pip install --no-build-isolation -e "$here"
    # The pin is for building only: setuptools before 70 can't find
    # distributions installed under normalized names (zope_interface), and
    # gevent's entry points then stop Odoo's gevent process (the bus of
    # --workers) at start. pkg_resources, which gevent uses, goes in 81.
    pip install 'setuptools>=70,<81'
    echo "$digest" > "$stamp"
fi

# 3. Odoo's configuration.
cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons
data_dir = $VENV/odoo-data
CONF
# The database connection follows the usual PostgreSQL variables.
for key in host port user password; do
    var="PG${key^^}"
    [ -z "${!var:-}" ] || echo "db_$key = ${!var}" >> "$ODOO_CONF"
done
echo "$ODOO_CONF"
