#!/usr/bin/env bash
# Creates the virtual environment (.venv) and installs the project into it.
#   scripts/venv.sh          runtime dependencies (for `make demo`)
#   scripts/venv.sh dev      plus the test and lint tools (for `make test`)
#   scripts/venv.sh mutation plus mutmut (for `make mutation`)
# On a fresh Debian machine `python3 -m venv` needs the python3-venv package; as root we
# install it, otherwise we say how.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
extra=${1:-}

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "python3 -m venv failed: installing Debian's python3-venv"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv "$VENV"
    else
      echo "python3 -m venv failed. Install it first: sudo apt-get install python3-venv" >&2
      exit 1
    fi
  fi
fi

# WeasyPrint (the PDF reports) lays text out with Debian's Pango: install it when missing.
if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's Pango for the PDF reports"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
  else
    echo "PDF reports need Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" >&2
  fi
fi

stamp="$VENV/.installed${extra:+-$extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  if [ "$extra" = dev ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev]'
  elif [ "$extra" = mutation ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev,mutation]'
  else
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e .
  fi
  touch "$stamp"
fi
