#!/usr/bin/env bash
# Mutation testing of the core modules (`make mutation`; slow, so not part of `make test`).
# mutmut 3 plants one small bug at a time in each module listed in pyproject.toml's
# [tool.mutmut] only_mutate and runs the tests that reach it; tools/mutation_report.py then
# prints each module's score and any survivor not explained in tools/mutation_equivalents.toml.
#
#   scripts/mutation.sh                                every core module
#   scripts/mutation.sh "netzero.footprints.units.*"   only these mutants (mutmut's name glob)
#
# Results stay in mutants/ (git-ignored): a second run re-tests only functions that changed.
# `rm -rf mutants` starts afresh. `.venv/bin/mutmut show NAME` shows one mutant's change.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
mkdir -p var
log=var/mutation-run.log
echo "== mutmut run $* (progress in $log)"
status=0
"$BIN/mutmut" run "$@" >"$log" 2>&1 || status=$?
# mutmut redraws a progress line with carriage returns; keep its last state.
tr '\r' '\n' <"$log" | grep -v '^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] [A-Z]' | grep -v '^ *$' | tail -n 4
if [ "$status" -ne 0 ]; then
  echo "mutmut run failed (exit $status); see $log" >&2
  exit "$status"
fi
echo "== scores (tools/mutation_report.py)"
exec "$BIN/python" tools/mutation_report.py
