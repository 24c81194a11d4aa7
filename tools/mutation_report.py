"""Per-module mutation scores from mutmut's results (``make mutation``).

mutmut 3 records each mutant's test exit code in ``mutants/<path>.py.meta``. This reads them
and, for each module in ``[tool.mutmut] only_mutate``, prints how many mutants there were, how
many the tests killed (a failing test or a timeout) and which survived. A surviving mutant is
either a missing test or an *equivalent* mutant (one no test could tell from the original, such
as ``quantize(Decimal(2))`` for ``quantize(Decimal(1))``: only the exponent matters). Equivalent
mutants are listed, with the reason, in ``tools/mutation_equivalents.toml``; they still count as
survivors in the score, and the report says which survivors are explained.

    python tools/mutation_report.py             the table, then unexplained survivors
    python tools/mutation_report.py --markdown  the table as Markdown, for docs/testing.md

Exits 1 when a module scores under ``--minimum`` (90 by default) or a survivor is unexplained.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
EQUIVALENTS = Path(__file__).resolve().parent / "mutation_equivalents.toml"

# mutmut's exit-code meanings (mutmut.__main__.status_by_exit_code).
KILLED = {1, 3}  # a test failed; 3: pytest's "internal error" counts as killed there too
TIMEOUT = {-24, 24, 36, 152, 255}  # mutmut stops a mutant that runs too long: killed
SURVIVED = {0}  # the tests passed with the mutant in place
# Anything else (no test reaches it, not checked yet, skipped, suspicious, a segfault) is "not
# run": not killed, and reported by name.


@dataclass
class ModuleScore:
    path: str
    killed: list[str] = field(default_factory=list)
    timed_out: list[str] = field(default_factory=list)  # also in ``killed``
    survived: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.killed) + len(self.survived) + len(self.not_run)

    @property
    def score(self) -> float:
        return 100.0 * len(self.killed) / self.total if self.total else 100.0


def configured_modules(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    config = tomllib.loads(pyproject.read_text())["tool"]["mutmut"]
    return list(config["only_mutate"])


def equivalents(path: Path = EQUIVALENTS) -> dict[str, str]:
    """Mutant name -> why no test can kill it."""
    if not path.exists():
        return {}
    return {name: entry["why"] for name, entry in tomllib.loads(path.read_text()).items()}


def scores(modules: list[str], mutants: Path = MUTANTS) -> list[ModuleScore]:
    result = []
    for module in modules:
        meta = mutants / f"{module}.meta"
        score = ModuleScore(module)
        if meta.exists():
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            for name, code in sorted(codes.items(), key=lambda i: _natural(i[0])):
                if code in KILLED or code in TIMEOUT:
                    score.killed.append(name)
                    if code in TIMEOUT:
                        score.timed_out.append(name)
                elif code in SURVIVED:
                    score.survived.append(name)
                else:
                    score.not_run.append(name)
        result.append(score)
    return result


def _natural(name: str) -> tuple[str, int]:
    stem, _, number = name.rpartition("_")
    return stem, int(number) if number.isdigit() else -1


def table(results: list[ModuleScore], known: dict[str, str], *, markdown: bool) -> str:
    rows = [
        ("Module", "Mutants", "Killed", "Timed out", "Survived", "Equivalent", "Not run", "Score")
    ]
    for r in results:
        explained = sum(1 for name in r.survived if name in known)
        rows.append(
            (
                r.path.removeprefix("src/"),
                str(r.total),
                str(len(r.killed)),
                str(len(r.timed_out)),
                str(len(r.survived)),
                str(explained),
                str(len(r.not_run)),
                f"{r.score:.1f}%",
            )
        )
    if markdown:
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--minimum", type=float, default=90.0)
    args = parser.parse_args(argv)
    results = scores(configured_modules(), MUTANTS)
    known = equivalents(EQUIVALENTS)
    print(table(results, known, markdown=args.markdown))
    failing = False
    for r in results:
        if r.total == 0:
            print(f"\n{r.path}: no results yet (run `make mutation`).")
            failing = True
            continue
        unexplained = [name for name in r.survived if name not in known]
        if unexplained:
            print(f"\n{r.path}: {len(unexplained)} survivor(s) not explained:")
            print("\n".join(f"  mutmut show {name}" for name in unexplained))
        if r.not_run:
            print(
                f"\n{r.path}: {len(r.not_run)} mutant(s) not run "
                "(no test reaches them, or the run was cut short):"
            )
            print("\n".join(f"  mutmut show {name}" for name in r.not_run))
        if r.score < args.minimum or unexplained or r.not_run:
            failing = True
    stale = stale_equivalents(results, known)
    if stale:
        print(f"\n{len(stale)} listed equivalent(s) are no longer survivors (killed, or renamed")
        print("when their function changed): check and remove them from the list:")
        print("\n".join(f"  {name}" for name in stale))
    return 1 if failing else 0


def stale_equivalents(results: list[ModuleScore], known: dict[str, str]) -> list[str]:
    """Listed equivalents that were tested and are not among the survivors."""
    run = {name for r in results for name in (*r.killed, *r.survived)}
    survivors = {name for r in results for name in r.survived}
    return sorted(name for name in known if name in run and name not in survivors)


if __name__ == "__main__":
    sys.exit(main())
