#!/usr/bin/env bash
# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
# Make sure PostgreSQL answers for the current user; start the local cluster
# if it is down, or say exactly what to install.
set -euo pipefail

answers() { psql -d postgres -tAc 'select 1' >/dev/null 2>&1; }

answers && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "==> Starting the PostgreSQL $version cluster" >&2
    if [ "$(id -u)" = 0 ]; then
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    else
        sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    fi
    for _ in $(seq 1 30); do answers && exit 0; sleep 1; done
fi
if ! command -v psql >/dev/null 2>&1; then
    cat >&2 <<MSG
PostgreSQL is not installed. On Debian or Ubuntu:
    sudo apt-get install postgresql
    sudo -u postgres createuser --superuser "$(whoami)"
then run make again.
MSG
else
    cat >&2 <<MSG
PostgreSQL does not answer for the user "$(whoami)". Start it, and give this
user a role that may create databases:
    sudo -u postgres createuser --superuser "$(whoami)"
or set PGHOST, PGPORT, PGUSER and PGPASSWORD for your server.
MSG
fi
exit 1
