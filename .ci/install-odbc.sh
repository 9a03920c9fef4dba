#!/usr/bin/env bash
# Installs the unixODBC driver manager and the SQLite3 ODBC driver that tests/TapeTrack.Sync.Odbc.Tests reads
# through. Idempotent: does nothing when both are installed and the SQLite3 driver is registered.
# Debian/Ubuntu (apt-get); run as root or with sudo available.
set -euo pipefail

registered() { [ -f /etc/odbcinst.ini ] && grep -q '^\[SQLite3\]' /etc/odbcinst.ini; }

if dpkg -s unixodbc libsqliteodbc >/dev/null 2>&1 && registered; then
  echo "install-odbc: unixodbc and libsqliteodbc already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends unixodbc libsqliteodbc

if ! registered; then
  echo "install-odbc: the SQLite3 driver is not registered in /etc/odbcinst.ini" >&2
  exit 1
fi
echo "install-odbc: installed unixodbc and libsqliteodbc (driver SQLite3)"
