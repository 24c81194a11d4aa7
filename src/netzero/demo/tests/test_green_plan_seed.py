"""The JUCD Green Plan's objectives and interventions, and its Figure 6, are a faithful,
reproducible extraction.

Plain pytest: no Django, no database.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

DEMO = Path(__file__).resolve().parents[1]
REPO = DEMO.parents[2]
SEED = DEMO / "data" / "seeds" / "004_b644c93b75914f28.txt"
ACTIONS = DEMO / "data" / "green_plan_actions.json"
EXTRACTOR = REPO / "tools" / "extract_green_plan_seed.py"
SEED_SHA256 = "bb38bb8f00b5ed1d184b080f9d6ea7e1d176df7991585e9b38bc1ceae5978336"
TITLE = "Joined Up Care Derbyshire ICS Green Plan 2022-2025"
EN_DASH = "\u2013"

TOP_KEYS = ["source", "plan", "objectives", "layout_notes", "figure_6"]
FIGURE_6_KEYS = ["title", "section", "text", "rows"]
FIGURE_6_ROW_KEYS = ["module", "summary", "relevant_actions"]
SOURCE_KEYS = ["title", "file", "sha256", "sections"]
PLAN_KEYS = ["slug", "name", "organisation"]
OBJECTIVE_KEYS = ["number", "vision", "objective", "benefits", "risks", "interventions"]
INTERVENTION_KEYS = ["ref", "text", "timescale", "role", "partners"]
PARTNER_KEYS = ["organisation", "as_printed"]

# Counted by reading Appendix A of the seed: one per printed row, objective 3's and 7's
# page-split first/second rows counted once, objective 10's heading row not counted.
COUNTS = {1: 4, 2: 3, 3: 5, 4: 2, 5: 4, 6: 1, 7: 4, 8: 1, 9: 1, 10: 5, 11: 4}
# Figure 6 (section 5.1), read from the seed by eye: counts in printed order, and how many action
# summaries each SDAT module has, modules in printed order.
FIGURE_6_COUNTS = [35, 47, 15, 19, 16, 19, 10, 7, 7, 20, 18]
FIGURE_6_MODULES = [
    ("Our People", 3),
    ("Sustainable Care Models", 1),
    ("Travel & Logistics", 2),
    ("Asset Management & Utilities", 1),
    ("Adaptation", 1),
    ("Carbon & GHGs", 1),
    ("Corporate Approach", 1),
    ("Sustainable Use of Resources", 1),
]
TIMESCALES = {"2022/23", "2022-2024", "2022-2025", "2023", "2023-2025", "2022", "2024/25", "2030"}

NET_ZERO = "Inclusion of net-zero targets across: "
EXPECTED: dict[str, tuple[str, str, str]] = {
    "1.1": ("Sustainability engagement toolkit from NHS England.", "2022/23", "[ICS HR Lead]"),
    "1.3": (
        "Electronic Staff Records' (ESR) sustainability and Greener NHS module rolled out for "
        "all staff.",
        "2022/23",
        "[Sustainability Coordinator - NEW]",
    ),
    "1.4": (
        "Monthly ICS-led Carbon Literacy training sessions tailored to different departments "
        "(e.g. Estates, Theatres, Procurement).",
        "2022-2024",
        "",
    ),
    "2.2": ("ICS page hosted on the NHS Futures website.", "2022/23", ""),
    "3.1": (
        "Provision of ICS spaces for community members (e.g. meeting rooms for community group "
        "activities).",
        "2023",
        "[To be nominated by Directors of Public Health]",
    ),
    "3.2": ("Signposting to initiatives (e.g. Warmer Derbyshire).", "2022", ""),
    "4.1": (
        "Roll-out and use of MS Teams, SharePoint, and the Derbyshire Shared Care Record across "
        "ICS Trusts.",
        "2023",
        "Ged Connelly-Thompson",
    ),
    "4.2": (
        "Monitoring emerging approaches and innovations and rolling them out uniformly.",
        "2022-2025",
        "Jim Austin",
    ),
    "5.1": (
        "Improve the presentation and prominence of active travel information.",
        "2022/23",
        "[Travel & Transport Lead - NEW]",
    ),
    "5.2": ("Creation of materials where not already available.", "2023-2025", ""),
    "6.1": (
        "Join D2N2 network scheme which uses BP pulse.",
        "2030",
        "[Travel & Transport Lead - NEW]",
    ),
    "7.2": (
        "Look to invest in additional renewable energy production (e.g. through a PPA) at a "
        "local level for private use by the ICS in addition to purchasing REGO-backed sources.",
        "2022-2025",
        "[Energy Managers]",
    ),
    "8.1": (
        "A resilience plan which pays particular attention to disadvantaged communities, ensuring "
        "no one is left behind. Resilience plan to be scoped with National Audit Office's Climate "
        "Change Risk Assessment Guide, applied through an ICS workshop.",
        "2022/23",
        "[Lead of county-wide emergency planning groups] "
        f"[Sustainability Coordinator {EN_DASH} NEW]",
    ),
    "10.1": (
        NET_ZERO + "Staff recruitment, employment, and appraisal processes",
        "2024/25",
        f"[Sustainability Coordinator {EN_DASH} NEW] [Senior Operational Lead]",
    ),
    "10.2": (NET_ZERO + "Capital projects", "2022", ""),
    "10.3": (NET_ZERO + "Business cases", "2022/23", ""),
    "10.4": (NET_ZERO + "Local procurement", "2022/23", ""),
    "10.5": (NET_ZERO + "Procurement contracts and tenders", "2024/25", ""),
}
PARTNERS = {
    "3.3": [{"organisation": "emas", "as_printed": "ambulance staff"}],
    "3.5": [
        {"organisation": "derbyshire-county-council", "as_printed": "Derbyshire County Council"},
        {"organisation": "dchs", "as_printed": "DCHS"},
    ],
    "7.1": [{"organisation": "crhft", "as_printed": "CRHFT"}],
}


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return json.loads(ACTIONS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_green_plan_seed", EXTRACTOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def by_ref(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["ref"]: i for o in data["objectives"] for i in o["interventions"]}


def objective(data: dict[str, Any], number: int) -> dict[str, Any]:
    return next(o for o in data["objectives"] if o["number"] == number)


def table_1(seed: str) -> list[tuple[str, str]]:
    """Table 1's rows, read straight from the seed: the lines between header and caption."""
    lines = seed.split("\n")
    start = lines.index("Vision\tStrategic Objective")
    end = lines.index("Table 1: Our Strategic Sustainability Objectives")
    rows = [line.split("\t") for line in lines[start + 1 : end] if line.strip()]
    assert all(len(r) == 2 for r in rows)
    return [(collapse(v), collapse(o)) for v, o in rows]


# --- reproducibility ---------------------------------------------------------------------------
def test_seed_is_the_vendored_original(data: dict[str, Any]) -> None:
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256
    assert data["source"]["sha256"] == SEED_SHA256
    assert data["source"]["file"] == SEED.name


def test_rerunning_the_extractor_reproduces_the_json(extractor: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert extractor.main([str(SEED), str(out)]) == 0
    assert out.read_bytes() == ACTIONS.read_bytes()


def test_extractor_usage_without_two_paths(extractor: ModuleType) -> None:
    assert extractor.main([str(SEED)]) == 2


def test_json_is_canonical(data: dict[str, Any]) -> None:
    text = ACTIONS.read_text(encoding="utf-8")
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- shape -------------------------------------------------------------------------------------
def test_schema_keys_in_order(data: dict[str, Any]) -> None:
    assert list(data) == TOP_KEYS
    assert list(data["source"]) == SOURCE_KEYS
    assert list(data["plan"]) == PLAN_KEYS
    for o in data["objectives"]:
        assert list(o) == OBJECTIVE_KEYS
        for i in o["interventions"]:
            assert list(i) == INTERVENTION_KEYS
            for p in i["partners"]:
                assert list(p) == PARTNER_KEYS
    assert list(data["figure_6"]) == FIGURE_6_KEYS
    for row in data["figure_6"]["rows"]:
        assert list(row) == FIGURE_6_ROW_KEYS


def test_source_and_plan(data: dict[str, Any]) -> None:
    assert data["source"]["title"] == TITLE
    assert data["source"]["sections"] == "Table 1 (section 6.0) and Appendix A"
    assert data["plan"] == {"slug": "jucd-green-plan", "name": TITLE, "organisation": "jucd-ics"}


def test_objectives_are_table_1(seed_text: str, data: dict[str, Any]) -> None:
    rows = table_1(seed_text)
    assert len(rows) == 11
    assert [o["number"] for o in data["objectives"]] == list(range(1, 12))
    assert [(o["vision"], o["objective"]) for o in data["objectives"]] == rows
    assert objective(data, 11)["vision"] == "An ICS which adopts the circular economy."


def test_objective_7_page_split_cells(data: dict[str, Any]) -> None:
    seven = objective(data, 7)
    assert seven["objective"] == (
        "Collectively utilise a 100% renewable energy provider and seek additional energy "
        "efficiency opportunities."
    )
    assert seven["benefits"] == (
        "Inter-trust schemes will lead to carbon reductions, whilst collectively signing on to "
        "one renewable energy provider could save on financial costs."
    )
    assert seven["risks"] == (
        "Risk of poor resilience should energy provider fail to provide service."
    )


def test_other_page_split_objective_cells(data: dict[str, Any]) -> None:
    three, five, nine = (objective(data, n) for n in (3, 5, 9))
    assert three["risks"] == (
        "Requires the commitment of more time and resources. Need to diversify greenspace "
        "strategy amongst Trusts due to differences in estate."
    )
    assert five["vision"].endswith(
        "who feel confident and incentivised to make active transport choices where able to do so."
    )
    assert five["benefits"] == (
        "Promotion of active travel on wide scale will lead to healthier communities and "
        "reduced future health service pressures."
    )
    assert nine["benefits"].endswith(
        "would be a considerable improvement to NHS Midlands carbon data."
    )


def test_every_objective_has_benefits_and_risks(data: dict[str, Any]) -> None:
    for o in data["objectives"]:
        assert o["benefits"].strip() and o["risks"].strip(), o["number"]
        assert o["benefits"] == collapse(o["benefits"]) and o["risks"] == collapse(o["risks"])


# --- interventions ------------------------------------------------------------------------------
def test_intervention_counts(data: dict[str, Any]) -> None:
    counts = {o["number"]: len(o["interventions"]) for o in data["objectives"]}
    assert counts == COUNTS
    assert sum(counts.values()) == 34


def test_refs_are_objective_and_position(data: dict[str, Any]) -> None:
    for o in data["objectives"]:
        refs = [i["ref"] for i in o["interventions"]]
        assert refs == [f"{o['number']}.{n}" for n in range(1, len(refs) + 1)]


def test_timescales_are_the_printed_ones(seed_text: str, data: dict[str, Any]) -> None:
    found = {i["timescale"] for i in by_ref(data).values() if i["timescale"]}
    assert found <= TIMESCALES
    assert found == TIMESCALES  # every printed timescale is used by some intervention
    for ref, i in by_ref(data).items():
        assert i["timescale"] == "" or i["timescale"] in TIMESCALES, ref
    appendix = seed_text[seed_text.index("Appendix A: strategic") : seed_text.index("Appendix B:")]
    printed = {
        cell.strip()
        for cell in re.split(r"[\t\n]", appendix)
        if re.fullmatch(r"20\d\d(?:/\d\d|-20\d\d)?", cell.strip())
    }
    assert printed == found


@pytest.mark.parametrize("ref", sorted(EXPECTED))
def test_intervention_as_printed(data: dict[str, Any], ref: str) -> None:
    i = by_ref(data)[ref]
    assert (i["text"], i["timescale"], i["role"]) == EXPECTED[ref]


def test_dashes_kept_as_printed(data: dict[str, Any]) -> None:
    refs = by_ref(data)
    assert refs["1.3"]["role"] == "[Sustainability Coordinator - NEW]"
    assert EN_DASH in refs["8.1"]["role"] and EN_DASH in refs["10.1"]["role"]
    assert EN_DASH not in refs["1.3"]["role"] + refs["2.1"]["role"]


def test_blank_cells_not_copied_from_the_row_above(data: dict[str, Any]) -> None:
    refs = by_ref(data)
    blank_roles = {r for r, i in refs.items() if i["role"] == ""}
    assert {"1.4", "2.2", "2.3", "3.2", "5.2", "7.3", "10.2", "10.5", "11.4"} <= blank_roles
    assert all(i["timescale"] for i in refs.values())  # every row prints (or shares) one
    assert refs["4.2"]["role"] != refs["4.1"]["role"]


def test_objective_10_heading_is_not_an_intervention(data: dict[str, Any]) -> None:
    ten = objective(data, 10)["interventions"]
    assert [i["text"] for i in ten] == [EXPECTED[f"10.{n}"][0] for n in range(1, 6)]
    assert all(i["text"] != NET_ZERO.strip() for i in by_ref(data).values())
    assert [i["timescale"] for i in ten] == ["2024/25", "2022", "2022/23", "2022/23", "2024/25"]
    assert [bool(i["role"]) for i in ten] == [True, False, False, False, False]


def test_partners_named_by_the_text(data: dict[str, Any]) -> None:
    refs = by_ref(data)
    named = {r: i["partners"] for r, i in refs.items() if i["partners"]}
    assert named == PARTNERS
    for ref, partners in named.items():
        for p in partners:
            assert p["as_printed"] in refs[ref]["text"], ref
    assert "Derby City" in refs["3.5"]["text"]
    assert all("derby-city" not in p["organisation"] for ps in named.values() for p in ps)


# --- Figure 6 -----------------------------------------------------------------------------------
def test_figure_6_has_its_eleven_rows_with_the_printed_counts(data: dict[str, Any]) -> None:
    rows = data["figure_6"]["rows"]
    assert len(rows) == 11
    assert [r["relevant_actions"] for r in rows] == FIGURE_6_COUNTS
    assert sum(r["relevant_actions"] for r in rows) == 213


def test_figure_6_total_is_the_printed_213(seed_text: str, data: dict[str, Any]) -> None:
    figure = data["figure_6"]
    printed = re.findall(r"combined total of (\d+) relevant actions", seed_text)
    assert printed == ["213"]
    assert sum(r["relevant_actions"] for r in figure["rows"]) == int(printed[0])
    assert figure["text"] == (
        "These overlapping action areas are underpinned by a combined total of 213 relevant "
        "actions which were sourced from the prior review of individual Trust Green Plans (and "
        "do not constitute an action plan for the ICS Green Plan)."
    )
    assert figure["text"] in collapse(seed_text)


def test_figure_6_groups_summaries_under_modules_in_printed_order(data: dict[str, Any]) -> None:
    rows = data["figure_6"]["rows"]
    grouped: list[tuple[str, int]] = []
    for row in rows:
        if grouped and grouped[-1][0] == row["module"]:
            grouped[-1] = (row["module"], grouped[-1][1] + 1)
        else:
            grouped.append((row["module"], 1))
    assert grouped == FIGURE_6_MODULES
    assert [r["summary"] for r in rows][:3] == [
        "Education, training & engagement",
        "Transformation & continuous improvement",
        "Anchor institution & community focus",
    ]
    assert len({r["summary"] for r in rows}) == 11


def test_figure_6_title_section_and_cells_are_as_printed(
    seed_text: str, data: dict[str, Any]
) -> None:
    figure = data["figure_6"]
    lines = seed_text.split("\n")
    assert figure["title"] in lines
    assert figure["title"] == (
        "Figure 6: Joined Up Care Derbyshire ICS's Current Organisation Sustainability Themes "
        "and Actions"
    )
    assert figure["section"] == "5.1"
    section = seed_text[seed_text.index("\n5.1 Methodology\n") : seed_text.index("\n6.0 OUR")]
    assert figure["title"] in section and figure["text"] in collapse(section)
    cells = {c.strip() for line in section.split("\n") for c in line.split("\t")}
    for row in figure["rows"]:
        assert {row["module"], row["summary"], str(row["relevant_actions"])} <= cells


def test_figure_6_rows_not_adding_up_to_the_printed_total_fail(
    extractor: ModuleType, seed_text: str
) -> None:
    row = "Adaptation\tAdaptation planning\t7\n"
    assert seed_text.count(row) == 1
    changed = seed_text.replace(row, row.replace("7", "8"))
    with pytest.raises(extractor.SeedError, match=r"add up to 214, section 5\.1 prints 213"):
        extractor.extract(changed.encode("utf-8"), SEED.name)


def test_figure_6_row_without_a_count_fails(extractor: ModuleType, seed_text: str) -> None:
    row = "\tActive travel\t16\n"
    assert seed_text.count(row) == 1
    changed = seed_text.replace(row, "\tActive travel\tsixteen\n")
    with pytest.raises(extractor.SeedError, match="needs a summary and a count"):
        extractor.extract(changed.encode("utf-8"), SEED.name)


# --- provenance ----------------------------------------------------------------------------------
def fields(data: dict[str, Any]) -> list[str]:
    out = []
    for o in data["objectives"]:
        out += [o["vision"], o["objective"], o["benefits"], o["risks"]]
        for i in o["interventions"]:
            out += [i["text"], i["timescale"], i["role"]]
            out += [p["as_printed"] for p in i["partners"]]
    return [f for f in out if f]


Cell = tuple[int, str]  # (line number in the seed, collapsed cell text)


def seed_cells(seed: str) -> tuple[list[Cell], set[int]]:
    """The seed's non-empty tab cells, and the lines that repeat Appendix A's column header."""
    lines = seed.split("\n")
    cells = [(n, collapse(cell)) for n, line in enumerate(lines) for cell in line.split("\t")]
    headers = {n for n, line in enumerate(lines) if line.startswith("No.\tVision\t")}
    return [c for c in cells if c[1]], headers


def traced(text: str, cells: list[Cell], headers: set[int]) -> bool:
    """True if ``text`` is one seed cell or a phrase inside one, or two cells joined as read.

    Two cells are accepted joined only where the extractor's readings join them: a cell carried
    on after a page break (a repeated column header between the two lines), or objective 10's
    heading (ending ":") joined to a row printed a few lines below it.
    """
    if any(text in cell for _, cell in cells):
        return True
    for cut in (m.start() for m in re.finditer(" ", text)):
        head, tail = text[:cut], text[cut + 1 :]
        for first, cell in cells:
            if cell != head:
                continue
            for line, later in cells:
                if later != tail or not first < line <= first + 6:
                    continue
                if head.endswith(":") or any(first < h < line for h in headers):
                    return True
    return False


def test_every_word_is_in_the_seed(seed_text: str, data: dict[str, Any]) -> None:
    words = set(seed_text.split())
    checked = 0
    for field in fields(data):
        for word in field.split():
            assert word in words, (word, field[:60])
            checked += 1
    assert checked > 1000


def test_every_field_is_traceable_to_seed_cells(seed_text: str, data: dict[str, Any]) -> None:
    cells, headers = seed_cells(seed_text)
    all_fields = fields(data)
    for field in all_fields:
        assert traced(field, cells, headers), field[:80]
    assert len(all_fields) == 11 * 4 + 34 + 34 + 15 + 4  # roles printed for 15, 4 partners


def test_provenance_check_catches_edits(seed_text: str, data: dict[str, Any]) -> None:
    cells, headers = seed_cells(seed_text)
    text = by_ref(data)["7.2"]["text"]
    assert traced(text, cells, headers)
    assert not traced(text.replace("invest", "spend"), cells, headers)
    assert not traced(text + " Invented sentence.", cells, headers)
    # Neighbouring cells are not one cell: same line, or consecutive lines with no page break.
    assert not traced("2022/23 [ICS HR Lead]", cells, headers)
    roles = "[Group of Trust-specific HR Leads] [Sustainability Coordinator - NEW]"
    assert not traced(roles, cells, headers)
    assert "invented" not in set(seed_text.split())


# --- readings ------------------------------------------------------------------------------------
def test_layout_notes_are_for_users(data: dict[str, Any]) -> None:
    notes = data["layout_notes"]
    assert len(notes) >= 10
    for note in notes:
        assert note == collapse(note) and note.endswith(".")
        assert not re.search(r"seed|loader|fixture", note, re.I), note


def test_layout_notes_record_the_readings(data: dict[str, Any]) -> None:
    text = " ".join(data["layout_notes"])
    for phrase in (
        "numbers its 11 objectives but not the interventions",
        "Inclusion of net-zero targets across:",
        "takes the heading's timescale (2024/25)",
        "left blank here rather than copied from the row above",
        "page break",
        "joined back together with a single space",
        "Benefits and risks are printed once for each objective",
        "East Midlands Ambulance Service NHS Trust, the ICS's only ambulance trust",
        "Derby City Council",
        "3.2, 3.3, 3.4, 3.5 and 10.5",
        "checked against it and matches",
    ):
        assert phrase in text, phrase


# --- failing loudly ------------------------------------------------------------------------------
def test_appendix_a_wording_differing_from_table_1_fails(
    extractor: ModuleType, seed_text: str
) -> None:
    row = "4\tAn ICS which strategically utilises digital innovation.\t"
    assert seed_text.count(row) == 1
    changed = seed_text.replace(row, row.replace("utilises", "uses"))
    with pytest.raises(extractor.SeedError, match="differs from Table 1"):
        extractor.extract(changed.encode("utf-8"), SEED.name)


def test_whitespace_differences_from_table_1_are_accepted(
    extractor: ModuleType, seed_text: str
) -> None:
    row = "4\tAn ICS which strategically utilises digital innovation.\t"
    changed = seed_text.replace(row, row.replace("which ", "which   "))
    assert changed != seed_text
    data = extractor.extract(changed.encode("utf-8"), SEED.name)
    assert (
        data["objectives"][3]["vision"] == "An ICS which strategically utilises digital innovation."
    )


def test_row_with_lost_columns_must_be_text_and_timescale(
    extractor: ModuleType, seed_text: str
) -> None:
    row = "Procurement contracts and tenders\t2024/25\t"
    assert seed_text.count(row) == 1
    changed = seed_text.replace(row, "Procurement contracts and tenders\tsoon\t")
    with pytest.raises(extractor.SeedError, match="lost columns"):
        extractor.extract(changed.encode("utf-8"), SEED.name)
