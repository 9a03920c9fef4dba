#!/usr/bin/env bash
# Installs the PostgreSQL server that tests/TapeTrack.Sync.PostgreSql.Tests start throwaway clusters of
# (initdb + pg_ctl on 127.0.0.1, as user postgres). Idempotent: does nothing when initdb is present.
# Debian/Ubuntu (apt-get); run as root or with sudo available. The packaged cluster is not started.
set -euo pipefail

found() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && id postgres >/dev/null 2>&1; }

if found; then
  echo "install-postgres: PostgreSQL already installed ($(ls /usr/lib/postgresql | sort -V | tail -n 1))"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# policy-rc.d 101: do not start the packaged cluster; the tests start their own
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && created_policy=1
fi
$sudo apt-get install -y -qq --no-install-recommends postgresql
if [ -n "$created_policy" ]; then $sudo rm -f "$policy"; fi

if ! found; then
  echo "install-postgres: postgresql installed but no initdb under /usr/lib/postgresql/*/bin or no user postgres" >&2
  exit 1
fi
echo "install-postgres: installed PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -n 1)"
