"""The DCC Q3 2022-23 dashboard fixture is a faithful, reproducible extraction of its seed.

Plain pytest: no Django, no database.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

DEMO = Path(__file__).resolve().parents[1]
REPO = DEMO.parents[2]
SEED = DEMO / "data" / "seeds" / "000_f5bb49f435e2e682.txt"
FIXTURE = DEMO / "data" / "dcc_dashboard_2022_23_q3.json"
EXTRACTOR = REPO / "tools" / "extract_dcc_seed.py"
SEED_SHA256 = "7b119ef39ca03710f45e70f6a41e0b4660da8e77995ed9d48ab3afbd96dc8ac7"

STRATEGY_THEMES = [
    "Council Estate and Operations",
    "Low Carbon Economy",
    "Decarbonising the Domestic Sector",
    "Transport, Travel and Infrastructure",
    "Waste",
]
PRINTED_BY_STRATEGY = [(6, 3, 0), (2, 5, 0), (3, 3, 0), (4, 2, 0), (2, 2, 0)]
PRINTED_BY_DELIVERY = [
    ("Council Property and Estate", "David Beard", 3, 2, 0),
    ("Procurement", "Stuart Etchells", 2, 0, 0),
    ("Highways", "Neill Bennett", 0, 0, 0),
    ("Fleet", "Richard Bright", 0, 1, 0),
    ("Schools", "TBC", 0, 0, 0),
    ("External Transport and Travel", "Mathew Bonomi", 4, 2, 0),
    ("Low Carbon Economy", "Karl Apps", 1, 4, 0),
    ("Planning", "David Arnold", 2, 3, 0),
    ("Internal Engagement and Training", "Sally Pearson", 1, 0, 0),
    ("External Engagement", "TBC", 0, 0, 0),
    ("Natural Capital", "Adam Lathbury", 0, 0, 0),
    ("Waste", "Ruth Robinson", 2, 2, 0),
    ("Climate Change Team", "Caroline Toplis", 2, 1, 0),
]
TOP_KEYS = [
    "source",
    "organisation",
    "plan",
    "status_definitions",
    "strategy_themes",
    "delivery_themes",
    "lead_theme_aliases",
    "printed_overview",
    "priority_actions",
    "long_list_actions",
]
PRIORITY_KEYS = [
    "ref",
    "text",
    "strategy_theme",
    "lead_theme_printed",
    "delivery_theme",
    "target",
    "success_measure",
    "impact",
    "reports_through",
    "update",
]
LONG_LIST_KEYS = ["ref", "title", "text", "strategy_theme", "update"]
UPDATE_KEYS = ["status", "reason", "progress", "mitigation", "note"]


def plain(text: str) -> str:
    """Plain text for provenance checks, applied alike to the seed and to the fixture.

    Tags stripped, "•" bullets and "1." list numbers removed, whitespace collapsed.
    """
    text = re.sub(r"<[^>]*>", " ", text)
    text = text.replace("\u2022", " ")
    text = re.sub(r"(?<!\S)\d{1,2}\.(?=\s)", " ", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_dcc_seed", EXTRACTOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def by_ref(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["ref"]: a for a in data["priority_actions"] + data["long_list_actions"]}


# --- reproducibility ---------------------------------------------------------------------------
def test_seed_is_the_vendored_original(data: dict[str, Any]) -> None:
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == SEED_SHA256
    assert data["source"]["sha256"] == SEED_SHA256
    assert data["source"]["file"] == SEED.name


def test_rerunning_the_extractor_reproduces_the_fixture(
    extractor: ModuleType, tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    assert extractor.main([str(SEED), str(out)]) == 0
    assert out.read_bytes() == FIXTURE.read_bytes()


def test_fixture_is_canonical_json(data: dict[str, Any]) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- shape -------------------------------------------------------------------------------------
def test_schema_keys_in_order(data: dict[str, Any]) -> None:
    assert list(data) == TOP_KEYS
    for action in data["priority_actions"]:
        assert list(action) == PRIORITY_KEYS
        assert list(action["update"]) == UPDATE_KEYS
    for action in data["long_list_actions"]:
        assert list(action) == LONG_LIST_KEYS
        assert list(action["update"]) == UPDATE_KEYS


def test_document_metadata(data: dict[str, Any]) -> None:
    assert data["source"]["meeting_date"] == "2023-02-13"
    assert data["source"]["committee"] == (
        "Improvement and Scrutiny Committee \u2013 Climate Change, Biodiversity and Carbon"
        " Reduction"
    )
    assert data["organisation"] == {
        "name": "Derbyshire County Council",
        "slug": "derbyshire-county-council",
        "kind": "county_council",
        "local_authority_code": "DBY",
    }
    assert data["strategy_themes"] == STRATEGY_THEMES
    assert [(d["name"], d["lead"]) for d in data["delivery_themes"]] == [
        row[:2] for row in PRINTED_BY_DELIVERY
    ]


def test_refs_complete_and_unique(data: dict[str, Any]) -> None:
    priority = [a["ref"] for a in data["priority_actions"]]
    long_list = [a["ref"] for a in data["long_list_actions"]]
    assert priority == [str(n) for n in range(1, 33)]
    assert long_list == [f"LL{n}" for n in range(1, 31)]
    assert len(set(priority + long_list)) == 62


def test_priority_fields_present(data: dict[str, Any]) -> None:
    delivery_names = {d["name"] for d in data["delivery_themes"]}
    for a in data["priority_actions"]:
        for key in ("text", "lead_theme_printed", "target", "success_measure"):
            assert a[key].strip(), (a["ref"], key)
        assert a["strategy_theme"] in STRATEGY_THEMES
        assert a["delivery_theme"] in delivery_names
        assert re.fullmatch(r"20\d\d", a["target"]), a["ref"]
        assert a["impact"] in {"High", "Moderate", "Low"}
        u = a["update"]
        assert u["status"] in {"Good", "Review", "Action"}
        assert u["progress"].startswith("<"), a["ref"]
        if a["reports_through"] is not None:
            continue
        assert u["note"] == ""
        if u["status"] == "Good":
            assert (u["reason"], u["mitigation"]) == ("", ""), a["ref"]
        else:  # every Review row in the seed prints a reason and a mitigation
            assert u["reason"] and u["mitigation"], a["ref"]


def test_long_list_fields_present(data: dict[str, Any]) -> None:
    for a in data["long_list_actions"]:
        assert a["title"].strip() and a["text"].strip(), a["ref"]
        assert ": " not in a["title"]
        assert a["strategy_theme"] in STRATEGY_THEMES


def test_lead_themes_resolve_through_printed_column(data: dict[str, Any]) -> None:
    aliases = data["lead_theme_aliases"]
    names = {d["name"] for d in data["delivery_themes"]}
    assert aliases == {
        "Property and Estate": "Council Property and Estate",
        "External Travel and Transport": "External Transport and Travel",
        "External Transport and Travel,": "External Transport and Travel",
    }
    for a in data["priority_actions"]:
        printed = a["lead_theme_printed"]
        assert a["delivery_theme"] == (printed if printed in names else aliases[printed])
    refs = by_ref(data)
    assert refs["5"]["delivery_theme"] == "External Transport and Travel"
    assert refs["23"]["lead_theme_printed"] == "External Transport and Travel,"


HTML_TAG = re.compile(r"<(/?)([a-z]+)([^>]*)>")


@pytest.mark.parametrize("field", ["progress", "text"])
def test_html_is_bare_p_ul_ol_li(data: dict[str, Any], field: str) -> None:
    for a in data["priority_actions"] + data["long_list_actions"]:
        html = a["update"]["progress"] if field == "progress" else a["text"]
        for _, tag, attrs in HTML_TAG.findall(html):
            assert tag in {"p", "ul", "ol", "li"} and attrs == "", (a["ref"], tag, attrs)
        assert "\u2022" not in html, a["ref"]
        assert not re.search(r"<li>\s*\d+\.\s", html), a["ref"]


# --- provenance --------------------------------------------------------------------------------
def seed_cells(seed: str) -> list[str]:
    return [c for c in (plain(cell) for cell in re.split(r"[\t\n]", seed)) if c]


def traced(text: str, seed_plain: str, cells: list[str]) -> bool:
    """True if ``text`` occurs in the seed, or is one table cell carried on to the next.

    PDF rows split over several lines (Refs 2, 4, 5, 8) interleave the columns, so a merged
    cell is accepted as a suffix of one seed cell joined to a prefix of a later seed cell.
    """
    if text in seed_plain:
        return True
    for cut in (m.start() for m in re.finditer(" ", text)):
        head, tail = text[:cut], text[cut + 1 :]
        for i, cell in enumerate(cells):
            if cell.endswith(head) and any(c.startswith(tail) for c in cells[i + 1 :]):
                return True
    return False


def test_every_text_is_traceable_to_the_seed(seed_text: str, data: dict[str, Any]) -> None:
    seed_plain = plain(seed_text)
    cells = seed_cells(seed_text)
    checked = 0
    for a in data["priority_actions"] + data["long_list_actions"]:
        u = a["update"]
        fields = [a["text"], a.get("title", ""), a.get("success_measure", "")]
        fields += [u["progress"], u["reason"], u["mitigation"]]
        for field in fields:
            text = plain(field)
            if text:
                assert traced(text, seed_plain, cells), (a["ref"], text[:80])
                checked += 1
    assert checked == 186  # 32 x 3 + 14 reasons + 14 mitigations; 30 x 2 + 2 LL progress


def test_provenance_check_catches_edits(seed_text: str, data: dict[str, Any]) -> None:
    seed_plain, cells = plain(seed_text), seed_cells(seed_text)
    progress = plain(by_ref(data)["4"]["update"]["progress"])
    assert traced(progress, seed_plain, cells)
    assert not traced(progress.replace("retained", "kept"), seed_plain, cells)
    assert not traced(progress + " Invented sentence.", seed_plain, cells)


# --- statuses ----------------------------------------------------------------------------------
def test_priority_status_totals(data: dict[str, Any]) -> None:
    statuses = Counter(a["update"]["status"] for a in data["priority_actions"])
    assert (statuses["Good"], statuses["Review"], statuses["Action"]) == (17, 15, 0)


def test_priority_status_by_strategy_theme(data: dict[str, Any]) -> None:
    computed = []
    for theme in STRATEGY_THEMES:
        actions = [a for a in data["priority_actions"] if a["strategy_theme"] == theme]
        c = Counter(a["update"]["status"] for a in actions)
        computed.append((c["Good"], c["Review"], c["Action"]))
    assert computed == PRINTED_BY_STRATEGY


def test_ref_20_reports_through_16(data: dict[str, Any]) -> None:
    refs = by_ref(data)
    ref20 = refs["20"]
    assert ref20["reports_through"] == "16"
    assert ref20["update"]["status"] == refs["16"]["update"]["status"] == "Review"
    assert ref20["update"]["progress"] == "<p>See Action 16</p>"
    assert ref20["update"]["note"].startswith(
        "The published paper prints no status word for Ref 20"
    )
    assert [a["ref"] for a in data["priority_actions"] if a["reports_through"]] == ["20"]


def test_long_list_statuses(data: dict[str, Any]) -> None:
    statuses = {a["ref"]: a["update"]["status"] for a in data["long_list_actions"]}
    assert {r for r, s in statuses.items() if s == "Action"} == {"LL15", "LL21"}
    assert Counter(statuses.values()) == {"Not reported": 28, "Action": 2}
    for a in data["long_list_actions"]:
        u = a["update"]
        if u["status"] == "Action":
            assert u["progress"].startswith("<p>") and u["note"] == ""
            assert a["title"] not in u["progress"] and "**" not in u["progress"]
        else:
            assert u["progress"] == "" and u["note"]


def test_delivery_theme_counts_differ_from_printed_table_where_known(
    data: dict[str, Any],
) -> None:
    """The printed delivery-theme table disagrees with the per-action Lead Theme column."""
    computed = Counter(
        (a["delivery_theme"], a["update"]["status"]) for a in data["priority_actions"]
    )
    differing = {
        name
        for name, _, good, review, action in PRINTED_BY_DELIVERY
        if (computed[name, "Good"], computed[name, "Review"], computed[name, "Action"])
        != (good, review, action)
    }
    assert differing == {
        "Fleet",
        "External Transport and Travel",
        "Planning",
        "Climate Change Team",
    }


# --- printed overview --------------------------------------------------------------------------
def test_printed_overview_captured_as_printed(seed_text: str, data: dict[str, Any]) -> None:
    printed = data["printed_overview"]
    assert printed["by_strategy_theme"] == [
        {"theme": t, "Good": g, "Review": r, "Action": x}
        for t, (g, r, x) in zip(STRATEGY_THEMES, PRINTED_BY_STRATEGY, strict=True)
    ]
    assert printed["by_delivery_theme"] == [
        {"theme": t, "lead": lead, "Good": g, "Review": r, "Action": x}
        for t, lead, g, r, x in PRINTED_BY_DELIVERY
    ]
    assert printed["totals"] == {"Good": 17, "Review": 15, "Action": 0}
    for table in ("by_strategy_theme", "by_delivery_theme"):
        for key in ("Good", "Review", "Action"):
            assert sum(row[key] for row in printed[table]) == printed["totals"][key]
    stated = printed["long_list_stated"]
    assert (stated["Good"], stated["Review"], stated["Action"]) == (13, 15, 2)
    assert stated["text"].startswith("13 long list actions (43%) are scored as being Good")
    assert "15 actions (50%) requiring Review" in stated["text"]
    assert stated["text"] in seed_text.replace("**", "")
