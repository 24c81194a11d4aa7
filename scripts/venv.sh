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
