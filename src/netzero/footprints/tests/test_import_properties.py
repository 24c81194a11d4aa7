"""Property-based tests: whatever bytes or rows come in, an import ends in its result or in its
refusal (``ActivityImportRefused``, with messages), never in another exception, and a refusal
saves nothing at all."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from netzero.footprints.imports import COLUMNS, REQUIRED, ActivityImportRefused, read_rows
from netzero.footprints.models import FootprintEntry, ImportBatch
from netzero.footprints.services import import_batch_apply
from netzero.footprints.tests.badfiles import SHEET_END, SHEET_START, text_row, workbook

PROPERTIES = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

GOOD_VALUES = {
    "reporting_year": ["2022-23", "2023-24", "22-23", ""],
    "activity": ["electricity", "natural_gas", "diesel", "desflurane", "coal"],
    "quantity": ["5", "1,000", "0.000001", "1e5", "-1", "99999999999999.999999", ""],
    "unit": ["kWh", "MWh", "litres", "kg", "inhalers", "furlongs"],
    "boundary": ["", "nhs_cf", "Council net zero scope", "nowhere"],
    "reference": ["", "A", "Main site", "R" * 101],
    "note": ["", "a<b and c>d", "n" * 1001],
}
cell = st.one_of(
    st.sampled_from(sorted({v for values in GOOD_VALUES.values() for v in values})),
    st.text(max_size=30),
)
heading = st.one_of(st.sampled_from(COLUMNS), st.text(max_size=12))
# Mostly a right header (so that some imports succeed), sometimes anything.
headers = st.one_of(
    st.permutations(COLUMNS).flatmap(
        lambda columns: st.integers(4, len(columns)).map(
            lambda n: (
                [c for c in columns if c in REQUIRED]
                + [c for c in columns if c not in REQUIRED][: n - 4]
            )
        )
    ),
    st.lists(heading, max_size=8),
)


GOOD_ROWS = [
    {"reporting_year": "2022-23", "activity": "electricity", "quantity": "5", "unit": "kWh"},
    {"reporting_year": "2023-24", "activity": "diesel", "quantity": "10.25", "unit": "litres"},
    {"reporting_year": "2022-23", "activity": "natural_gas", "quantity": "1,000", "unit": "MWh"},
]


def row_for(header: list[str]):
    """A row for the header: often a right one (with any reference), else plausible or any text."""
    right = st.builds(
        lambda base, reference, note: {**base, "reference": reference, "note": note},
        st.sampled_from(GOOD_ROWS),
        st.text(max_size=20),
        st.sampled_from(["", "a<b and c>d"]),
    ).map(lambda full: {name: full.get(name, "") for name in header})
    odd = st.fixed_dictionaries(
        {
            name: st.one_of(st.sampled_from(GOOD_VALUES.get(name, [""])), st.text(max_size=30))
            for name in header
        }
    )
    return st.one_of(right, odd)


@pytest.fixture
def trust(db):
    from netzero.plans.services import organisation_create

    return organisation_create(name="Property Trust", slug="property", kind="nhs_trust")


def _counts() -> tuple[int, int]:
    return FootprintEntry.objects.count(), ImportBatch.objects.count()


def _attempt(trust, name: str, content: bytes | None = None, header=None, rows=None) -> None:
    before = _counts()
    try:
        if content is not None:
            header, rows = read_rows(name, content)
        batch = import_batch_apply(
            organisation=trust,
            header=header,
            rows=rows,
            channel=ImportBatch.Channel.FILE_UPLOAD,
            file_name=name,
            sha256=hashlib.sha256(content).hexdigest() if content is not None else "",
            who="property test",
        )
    except ActivityImportRefused as exc:
        assert exc.result.errors and all(isinstance(e, str) and e for e in exc.result.errors)
        assert _counts() == before
        event("refused")
        return
    assert batch.figures_created > 0
    event("saved")
    assert _counts() == (before[0] + batch.figures_created, before[1] + 1)


@PROPERTIES
@given(content=st.binary(max_size=3000), name=st.sampled_from(["a.csv", "a.xlsx", "A.XLSX"]))
def test_any_bytes(trust, factor_sets, content, name):
    _attempt(trust, name, content)


@PROPERTIES
@given(
    data=st.data(),
    header=headers,
    extra=st.lists(st.lists(cell, max_size=9), max_size=2),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_any_csv_text(trust, factor_sets, data, header, extra, ending):
    def line(cells: list[str]) -> str:
        return ",".join('"' + c.replace('"', '""') + '"' for c in cells)

    rows = data.draw(st.lists(row_for(header), max_size=5))
    lines = [[row[name] for name in header] for row in rows] + extra
    text = ending.join([line(header), *(line(cells) for cells in lines)]) + ending
    _attempt(trust, "a.csv", text.encode("utf-8", "surrogatepass"))


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "surrogatepass")


@PROPERTIES
@given(
    cells=st.lists(
        st.tuples(
            st.one_of(st.from_regex(r"[A-Z]{1,3}[0-9]{1,7}", fullmatch=True), st.text(max_size=8)),
            st.one_of(cell, st.floats(allow_nan=True).map(repr)),
            st.booleans(),
        ),
        max_size=6,
    ),
    junk=st.one_of(st.just(b""), st.binary(max_size=200)),
    plausible=st.tuples(*(st.sampled_from(GOOD_VALUES[c]) for c in REQUIRED)),
)
def test_any_workbook(trust, factor_sets, cells, junk, plausible):
    body = b"".join(
        (
            b'<c r="%s"><v>%s</v></c>' % (_escape(ref), _escape(value))
            if numeric
            else b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (_escape(ref), _escape(value))
        )
        for ref, value, numeric in cells
    )
    header = text_row(1, ["reporting_year", "activity", "quantity", "unit"])
    good = text_row(2, [plausible[0], plausible[1], plausible[2], plausible[3]])
    sheet = SHEET_START + header + good + b"<row>" + body + b"</row>" + junk + SHEET_END
    _attempt(trust, "a.xlsx", workbook(sheet))


@PROPERTIES
@given(
    data=st.data(),
    header=headers,
    odd=st.lists(st.dictionaries(st.one_of(heading, st.none()), cell), max_size=2),
)
def test_any_rows(trust, factor_sets, data, header, odd):
    rows = data.draw(st.lists(row_for(header), max_size=5)) + odd
    _attempt(trust, "rows", header=header, rows=list(enumerate(rows, start=2)))
