#!/usr/bin/env bash
# Runs before `npm test` (npm's pretest): brings what the test suite needs from outside npm. The browser tests drive
# Debian's Chromium and need CJK fonts to draw Chinese; the OGC API test reads the service with GDAL's ogrinfo/ogr2ogr;
# the briefing test turns its PDF into a picture with poppler's pdftoppm; the scale-out test runs nginx and pgbouncer.
# As root with apt-get, the missing Debian packages are installed; otherwise it stops at once with the command to run.
set -euo pipefail

packages=()
if [ -z "${CHROMIUM_PATH:-}" ] && ! [ -x /usr/bin/chromium ]; then packages+=(chromium); fi
if ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' && ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then packages+=(fonts-noto-cjk); fi
if ! command -v ogr2ogr >/dev/null 2>&1 || ! command -v ogrinfo >/dev/null 2>&1; then packages+=(gdal-bin); fi
if ! command -v pdftoppm >/dev/null 2>&1; then packages+=(poppler-utils); fi
# The scale-out test (tests/integration/scale-out/scale-out.test.ts, PostgreSQL half: with TEST_DATABASE_URL) runs nginx and pgbouncer.
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  if ! command -v nginx >/dev/null 2>&1 && ! [ -x /usr/sbin/nginx ]; then packages+=(nginx); fi
  if ! command -v pgbouncer >/dev/null 2>&1 && ! [ -x /usr/sbin/pgbouncer ]; then packages+=(pgbouncer); fi
fi

[ ${#packages[@]} -eq 0 ] && exit 0

command_line="apt-get install -y ${packages[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "npm test needs ${packages[*]}, which this machine lacks. Install them, then run npm test again:" >&2
  if command -v apt-get >/dev/null 2>&1; then
    echo "  sudo ${command_line}" >&2
  else
    echo "  (Debian/Ubuntu) sudo ${command_line}; elsewhere install Chromium, Noto CJK fonts, GDAL and poppler, and set CHROMIUM_PATH" >&2
  fi
  exit 1
fi

echo "[test prerequisites] ${command_line}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "[test prerequisites] installed ${packages[*]}"
