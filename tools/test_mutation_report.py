"""The mutation report: how it reads mutmut's results, scores each module and when it fails."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "mutation_report", Path(__file__).with_name("mutation_report.py")
)
report = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = report  # dataclasses look their module up there
_spec.loader.exec_module(report)

MODULE = "src/netzero/core/percent.py"


def _results(tmp_path: Path, codes: dict[str, int | None]) -> Path:
    meta = tmp_path / f"{MODULE}.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text(json.dumps({"exit_code_by_key": codes}))
    return tmp_path


def test_failing_tests_and_timeouts_kill_passing_tests_survive_the_rest_were_not_run(tmp_path):
    name = "netzero.core.percent.x_whole_percent__mutmut_{}".format
    codes = {name(1): 1, name(2): 3, name(3): 36, name(4): 0, name(5): 33, name(6): None}
    codes |= {name(7): 5, name(8): -9, name(10): 1}
    (score,) = report.scores([MODULE], _results(tmp_path, codes))
    assert score.killed == [name(1), name(2), name(3), name(10)]
    assert score.timed_out == [name(3)]
    assert score.survived == [name(4)]
    assert score.not_run == [name(5), name(6), name(7), name(8)]
    assert score.total == 9
    assert round(score.score, 1) == 44.4


def _main(tmp_path, monkeypatch, codes, known="", minimum="90"):
    monkeypatch.setattr(report, "MUTANTS", _results(tmp_path / "mutants", codes))
    monkeypatch.setattr(report, "EQUIVALENTS", tmp_path / "equivalents.toml")
    (tmp_path / "equivalents.toml").write_text(known)
    monkeypatch.setattr(report, "configured_modules", lambda: [MODULE])
    return report.main(["--minimum", minimum])


def test_the_report_passes_at_the_minimum_with_every_survivor_explained(
    tmp_path, monkeypatch, capsys
):
    name = "netzero.core.percent.x_whole_percent__mutmut_{}".format
    codes = {name(i): 1 for i in range(1, 10)} | {name(10): 0}
    known = f'["{name(10)}"]\nwhy = "equivalent"\n'
    assert _main(tmp_path, monkeypatch, codes, known) == 0
    assert "90.0%" in capsys.readouterr().out


def test_the_report_fails_below_the_minimum(tmp_path, monkeypatch):
    name = "netzero.core.percent.x_whole_percent__mutmut_{}".format
    codes = {name(i): 1 for i in range(1, 9)} | {name(9): 0, name(10): 0}
    known = f'["{name(9)}"]\nwhy = "a"\n["{name(10)}"]\nwhy = "b"\n'
    assert _main(tmp_path, monkeypatch, codes, known) == 1
    assert _main(tmp_path / "again", monkeypatch, codes, known, minimum="80") == 0


def test_the_report_fails_on_an_unexplained_survivor_and_names_it(tmp_path, monkeypatch, capsys):
    name = "netzero.core.percent.x_whole_percent__mutmut_{}".format
    codes = {name(i): 1 for i in range(1, 20)} | {name(20): 0}
    assert _main(tmp_path, monkeypatch, codes) == 1
    assert f"mutmut show {name(20)}" in capsys.readouterr().out


def test_the_report_fails_when_a_module_has_no_results(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(report, "MUTANTS", tmp_path)
    monkeypatch.setattr(report, "configured_modules", lambda: [MODULE])
    assert report.main([]) == 1
    assert "no results yet" in capsys.readouterr().out


def test_the_markdown_table_names_the_module_and_counts_explained_survivors(tmp_path):
    name = "netzero.core.percent.x_whole_percent__mutmut_{}".format
    codes = {name(i): 1 for i in range(1, 19)} | {name(19): 0, name(20): 0}
    results = report.scores([MODULE], _results(tmp_path, codes))
    text = report.table(results, {name(20): "equivalent"}, markdown=True)
    header = "| Module | Mutants | Killed | Timed out | Survived | Equivalent | Not run | Score |"
    assert text.splitlines()[0] == header
    assert "| netzero/core/percent.py | 20 | 18 | 0 | 2 | 1 | 0 | 90.0% |" in text


def test_the_equivalents_file_gives_a_reason_for_each_mutant(tmp_path):
    listed = tmp_path / "equivalents.toml"
    listed.write_text('["netzero.core.percent.x_whole_percent__mutmut_25"]\nwhy = "exponent"\n')
    assert report.equivalents(listed) == {
        "netzero.core.percent.x_whole_percent__mutmut_25": "exponent"
    }
    assert report.equivalents(tmp_path / "absent.toml") == {}
    shipped = report.equivalents()
    assert shipped and all(why.strip() for why in shipped.values())


def test_every_module_mutated_is_a_core_module_that_exists():
    modules = report.configured_modules()
    assert "src/netzero/workflow/services.py" in modules
    assert all((report.ROOT / module).is_file() for module in modules)


def test_every_test_file_the_mutation_run_selects_exists():
    config = report.tomllib.loads((report.ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    selected = config["pytest_add_cli_args_test_selection"]
    assert selected and all((report.ROOT / path).is_file() for path in selected)


def test_a_listed_equivalent_that_is_now_killed_is_named_as_stale(tmp_path, monkeypatch, capsys):
    name = "netzero.core.percent.x_whole_percent__mutmut_{}".format
    codes = {name(i): 1 for i in range(1, 11)} | {name(11): None}
    known = f'["{name(3)}"]\nwhy = "was equivalent"\n["{name(99)}"]\nwhy = "another module"\n'
    known += f'["{name(11)}"]\nwhy = "not tested yet"\n'
    assert _main(tmp_path, monkeypatch, codes, known, minimum="0") == 1  # name(11) not run
    out = capsys.readouterr().out
    assert f"  {name(3)}" in out and f"  {name(99)}" not in out and f"  {name(11)}\n" not in out
