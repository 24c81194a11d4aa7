"""The NHS Estates Returns Information Collection (ERIC): a trust's energy, water and waste as
its estates return files them, turned into calculated figures.

The return is published once a year by NHS Digital as a ``$``-delimited text file, one row per
trust, under a two-row header (a section row, then the column names). The column names change
from year to year, so each mapped column is found by its exact published name for the year
(``COLUMNS``); a file whose header lacks one is refused, naming the column. The mapping of each
column to the factor row(s) it is multiplied by, and why, is in docs/decisions/0005-eric-mapping.md.

``estates_return_import`` matches the trusts in the file to organisations by their NHS ODS code
(an organisation's own code or one of its predecessors', never by name), turns each trust's
cells into activity rows and saves them through ``services.import_batch_apply``: one import
(``ImportBatch``, channel ESTATES_RETURN) per organisation, every organisation in one transaction,
so a problem anywhere saves nothing, and undo, replace and history work as for any import.
A blank cell and a 0 give no figure (both are counted, separately, in the result).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from netzero.core.exceptions import ImportRefused
from netzero.core.uploads import megabytes
from netzero.core.years import financial_year_label
from netzero.factors.models import Factor, FactorSet
from netzero.factors.selectors import factor_set_for
from netzero.footprints.activities import ACTIVITIES
from netzero.footprints.imports import ActivityImportDuplicate, ActivityImportRefused
from netzero.footprints.models import ImportBatch
from netzero.footprints.services import import_batch_apply, import_batch_same_file
from netzero.footprints.units import parse_quantity, shown
from netzero.organisations.models import Organisation

DATA_DIR = Path(__file__).resolve().parent / "data" / "nhs-eric"
CODE_COLUMN = "Organisation Code"
NAME_COLUMN = "Organisation Name"
DELIMITER = "$"


@dataclass(frozen=True)
class Target:
    """A factor row a column is multiplied by: an activity of ``activities.ACTIVITIES`` or a
    published row named by its levels (and column text, where the levels repeat) and unit."""

    activity: str = ""
    level_1: str = ""
    level_2: str = ""
    level_3: str = ""
    column_text: str = ""
    factor_unit: str = ""
    unit: str = "kWh"  # the unit the return's cells are in

    @property
    def by_levels(self) -> bool:
        return not self.activity

    def described(self) -> str:
        if self.activity:
            return self.activity
        text = f"{self.level_1} / {self.level_2} / {self.level_3}"
        return (
            f"{text} ({self.column_text}) per {self.factor_unit}"
            if self.column_text
            else (f"{text} per {self.factor_unit}")
        )


ELECTRICITY = (Target(activity="electricity"), Target(activity="electricity_td"))
GAS = (Target(activity="natural_gas"),)
# Gas oil rather than burning oil: see the decision record (standby generators and dual-fuel
# boilers burn gas oil; its factor is the higher of the two, so the figure is not understated).
OIL = (Target("", "Fuels", "Liquid fuels", "Gas oil", "", "kWh (Gross CV)"),)
COAL = (Target("", "Fuels", "Solid fuels", "Coal (industrial)", "", "kWh (Gross CV)"),)
HEAT = (Target("", "Heat and steam", "Heat and steam", "District heat and steam", "", "kWh"),)
WATER = (Target(activity="water_supply", unit="m3"),)


def _waste(route: str) -> tuple[Target, ...]:
    return (
        Target(
            "",
            "Waste disposal",
            "Refuse",
            "Commercial and industrial waste",
            route,
            "tonnes",
            unit="tonnes",
        ),
    )


@dataclass(frozen=True)
class Mapped:
    key: str
    what: str  # what the figure is, in the reference: "ERIC RFS gas"
    targets: tuple[Target, ...]


MAPPED: dict[str, Mapped] = {
    m.key: m
    for m in [
        Mapped("electricity", "electricity", ELECTRICITY),
        Mapped("gas", "gas", GAS),
        Mapped("oil", "oil", OIL),
        Mapped("coal", "coal", COAL),
        Mapped("steam", "steam", HEAT),
        Mapped("hot_water", "hot water", HEAT),
        Mapped("water", "water", WATER),
        Mapped("landfill", "waste to landfill", _waste("Landfill")),
        Mapped("incineration", "waste incinerated", _waste("Combustion")),
        Mapped(
            "incineration_recovery", "waste incinerated with energy recovery", _waste("Combustion")
        ),
        Mapped("recycling", "waste recycled", _waste("Closed-loop")),
        Mapped("other_recovery", "waste to other recovery", _waste("Combustion")),
    ]
}

_ENERGY_2013 = {
    "electricity": "Electricity consumed - utility (kWh)",
    "gas": "Gas consumed - utility (kWh)",
    "oil": "Oil consumed - utility (kWh)",
    "coal": "Coal consumed - utility (kWh)",
    "steam": "Steam consumed - local (kWh)",
    "hot_water": "Hot water consumed - local (kWh)",
    "water": "Water volume (including borehole) (m³)",
    "landfill": "Landfill disposal waste weight (Tonnes)",
    "incineration": "High temperature disposal waste weight (Tonnes)",
    "recycling": "Waste recycling volume (Tonnes)",
    "other_recovery": "Other recovery volume (Tonnes)",
}
_ENERGY_2015 = {
    "electricity": "Electricity consumed (kWh)",
    "gas": "Gas consumed (kWh)",
    "oil": "Oil consumed (kWh)",
    "coal": "Coal consumed (kWh)",
    "steam": "Steam consumed (kWh)",
    "hot_water": "Hot water consumed (kWh)",
    "water": "Water volume (including borehole) (m³)",
}

# Each year's mapped columns, by their exact published names (typing slips included: the
# 2016-17 return spells "reycling").
COLUMNS: dict[int, dict[str, str]] = {
    2013: _ENERGY_2013,
    2014: _ENERGY_2013
    | {
        "incineration_recovery": (
            "High temperature disposal waste weight involving combustion with energy recovery "
            "(Tonnes)"
        )
    },
    2015: _ENERGY_2015,
    2016: _ENERGY_2015
    | {
        "landfill": "Landfill disposal volume (Tonnes)",
        "incineration": "Incineration disposal volume (Tonnes)",
        "recycling": "Waste reycling volume (Tonnes)",
        "other_recovery": "Other recovery volume (Tonnes)",
    },
}

# Quantity columns (kWh, tonnes, m³) the import does not map, and why. Any other quantity
# column of the header is listed as "no factor row for it".
NOT_MAPPED: dict[str, str] = {
    "Electricity consumed - local (kWh)": (
        "electricity from a local supplier over a private wire, not the grid: the grid factor "
        "does not apply and the factor sets have no row for it"
    ),
    "Electricity consumed - renewable (kWh)": (
        "part of the electricity consumed (counting it again would double count)"
    ),
    "Electricity consumed - green energy tariff (kWh)": (
        "part of the electricity consumed, bought on a green tariff; a location-based footprint "
        "counts it at the grid factor already (adding it would double count)"
    ),
    "Electricity consumed - third party owned renewable (kWh)": (
        "renewable electricity generated on site by a third party, not drawn from the grid: no "
        "grid factor applies"
    ),
    "Non-fossil fuel consumed - renewable (kWh)": (
        "the fuel (wood, biogas...) is not named, so no factor row can be chosen; its CO2 is "
        "biogenic and reported outside the scopes"
    ),
    "Electrical energy output of owned onsite renewables (kWh)": (
        "electricity generated, not consumed (no emissions)"
    ),
    "Fossil energy input to CHP system/s (kWh)": (
        "the CHP's fuel is within the gas (or oil) consumed (adding it would double count)"
    ),
    "Total fossil energy input to the CHP system/s (kWh)": (
        "the CHP's fuel is within the gas (or oil) consumed (adding it would double count)"
    ),
    "Thermal energy output of CHP system/s (kWh)": "an output of fuel already counted",
    "Electrical energy output of CHP system/s (kWh)": "an output of fuel already counted",
    "Total thermal energy output of the CHP system/s (kWh)": "an output of fuel already counted",
    "Total electrical energy output of the CHP system/s (kWh)": (
        "an output of fuel already counted"
    ),
    "Exported electricity (kWh)": (
        "energy sold to others: the fuel is counted where it is burnt, exports are not deducted"
    ),
    "Exported thermal energy (kWh)": (
        "energy sold to others: the fuel is counted where it is burnt, exports are not deducted"
    ),
    "Total exported electricity for the site (kWh)": (
        "energy sold to others: the fuel is counted where it is burnt, exports are not deducted"
    ),
    "Total exported thermal energy for the site (kWh)": (
        "energy sold to others: the fuel is counted where it is burnt, exports are not deducted"
    ),
    "Non burn treatment (alternative treatment plant) disposal waste weight (Tonnes)": (
        "the route after treatment (landfill or recovery) is not given"
    ),
    "Waste electrical and electronic equipment (WEEE) weight (Tonnes)": (
        "the route (recycling, recovery, landfill) is not given"
    ),
    "Preparing for re-use volume (Tonnes)": (
        "the commercial and industrial waste rows publish no factor for re-use"
    ),
    "Site heated volume (m³)": "the buildings' heated volume, not a quantity used",
    "Clinical waste volume (Tonnes)": "the disposal route is not given",
    "Special waste volume (Tonnes)": "the disposal route is not given",
}
_QUANTITY_COLUMN = re.compile(r"\((kWh|Tonnes|m³)\)\s*$")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)[-_ ]?(\d\d)(?!\d)")


# --- Reading -------------------------------------------------------------------------------


@dataclass
class EstatesReturn:
    """A return as read: the year, the column names and the trusts' rows by code."""

    year: int
    file_name: str
    sha256: str
    header: list[str]
    columns: dict[str, int]  # mapped key -> position
    trusts: dict[str, list[str]]  # code -> row, in the file's order

    def cell(self, code: str, key: str) -> str:
        row = self.trusts[code]
        index = self.columns[key]
        return row[index].strip() if index < len(row) else ""

    def name(self, code: str) -> str:
        index = self.header.index(NAME_COLUMN) if NAME_COLUMN in self.header else None
        row = self.trusts[code]
        return row[index].strip() if index is not None and index < len(row) else ""


def year_from_label(text: str) -> int:
    """The start year of "2016-17" (refused unless the years follow one another)."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{2})\s*", text or "")
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ImportRefused(f"{shown(text)} is not a reporting year like 2016-17.")
    year = int(match[1])
    if year not in COLUMNS:
        known = ", ".join(financial_year_label(y) for y in COLUMNS)
        raise ImportRefused(
            f"The estates return for {financial_year_label(year)} cannot be read yet: its "
            f"columns are known for {known}."
        )
    return year


def _published_header(year: int) -> list[str] | None:
    path = DATA_DIR / f"ERIC-{financial_year_label(year)}.csv"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError:
        return None
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER))
    return [h.strip() for h in records[1]] if len(records) > 1 else None


def estates_return_read(*, file_name: str, content: bytes, year: int) -> EstatesReturn:
    """The return's rows, or ``ImportRefused`` saying why the file cannot be read as the
    ``year`` return."""
    label = financial_year_label(year)
    limit = settings.NETZERO_UPLOAD_MAX_BYTES
    if len(content) > limit:
        raise ImportRefused(
            f"{file_name} is larger than {megabytes(limit)}, the most a file may be (a whole "
            "year's estates return is well under 1 MB)."
        )
    named = next(
        (
            m
            for m in _YEAR_IN_NAME.finditer(Path(file_name).name)
            if (int(m[1]) + 1) % 100 == int(m[2])  # "2016-17", not a date's "2023-01"
        ),
        None,
    )
    if named and f"{named[1]}-{named[2]}" != label:
        raise ImportRefused(
            f"{file_name} is named as the {named[1]}-{named[2]} return, not {label}: give "
            f"--year {named[1]}-{named[2]}, or the {label} file."
        )
    if not content.strip():
        raise ImportRefused(f"{file_name} is empty.")
    if b"\x00" in content:
        raise ImportRefused(
            f"{file_name} is not text (it contains NUL characters): the estates return is a "
            "'$'-delimited text file (is this a spreadsheet?)."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{file_name} is not UTF-8 text, as NHS Digital publishes the estates return; it "
            "may have been re-saved in another encoding. Use the file as published."
        ) from exc
    records = [
        r
        for r in csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER)
        if any(c.strip() for c in r)
    ]
    if not records:
        raise ImportRefused(f"{file_name} is empty.")
    if max(len(r) for r in records[:2]) < 2:
        raise ImportRefused(
            f"{file_name} is not '$'-delimited text: the estates return separates its columns "
            "with '$' (was it re-saved as a comma-separated file?)."
        )
    if len(records) < 2:
        raise ImportRefused(
            f"{file_name} has no column names: the estates return has two header rows (the "
            "sections, then the columns)."
        )
    header = [h.strip() for h in records[1]]
    for other in COLUMNS:
        if other != year and header == _published_header(other):
            raise ImportRefused(
                f"{file_name} has the columns of the {financial_year_label(other)} estates "
                f"return, not {label}: give --year {financial_year_label(other)}."
            )
    expected = COLUMNS[year]
    problems = []
    positions: dict[str, int] = {}
    for name in [CODE_COLUMN, *expected.values()]:
        found = [i for i, h in enumerate(header) if h == name]
        if not found:
            problems.append(f"The column '{name}' of the {label} estates return is missing.")
        elif len(found) > 1:
            problems.append(f"The column '{name}' appears {len(found)} times; it may appear once.")
        else:
            positions[name] = found[0]
    if problems:
        names = "; ".join(f"'{n}'" for n in [CODE_COLUMN, *expected.values()])
        problems.append(
            f"Its header has changed from the published {label} return, whose columns this "
            f"import reads are: {names}. Nothing was saved."
        )
        raise ImportRefused(problems)
    trusts: dict[str, list[str]] = {}
    code_at = positions[CODE_COLUMN]
    for record in records[2:]:
        code = record[code_at].strip() if code_at < len(record) else ""
        if not code:
            continue
        if code in trusts:
            raise ImportRefused(f"The trust {code} appears twice in {file_name}.")
        trusts[code] = record
    if not trusts:
        raise ImportRefused(f"{file_name} has no trusts' rows below its header.")
    return EstatesReturn(
        year=year,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        header=header,
        columns={key: positions[name] for key, name in expected.items()},
        trusts=trusts,
    )


def mapped_columns(year: int) -> list[tuple[str, str]]:
    """Each column a year's return is read from, and the factor row(s) it is multiplied by, in
    words ("Gas consumed (kWh)", "Fuels / Gaseous fuels / Natural gas per kWh (Gross CV)")."""
    out = []
    for key, column in COLUMNS[year].items():
        rows = []
        for target in MAPPED[key].targets:
            activity = ACTIVITIES.get(target.activity)
            if activity is None:
                rows.append(target.described())
            else:
                rows.append(
                    f"{activity.level_1} / {activity.level_2} / {activity.level_3} per "
                    f"{activity.factor_unit} (Scope {activity.scope})"
                )
        out.append((column, " and ".join(rows)))
    return out


def not_mapped(estates_return: EstatesReturn) -> list[tuple[str, str]]:
    """The header's quantity columns (kWh, tonnes, m³) that give no figure, each with why."""
    mapped = set(COLUMNS[estates_return.year].values())
    return [
        (name, NOT_MAPPED.get(name, "no factor row applies to it"))
        for name in estates_return.header
        if name not in mapped and _QUANTITY_COLUMN.search(name)
    ]


# --- Importing ----------------------------------------------------------------------------


@dataclass
class Skipped:
    code: str
    column: str
    why: str  # "blank", "0", or a sentence


@dataclass
class OrganisationImport:
    organisation: Organisation
    codes: list[str]
    rows: list[dict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    batch: ImportBatch | None = None


@dataclass
class EricResult:
    year: int
    file_name: str
    sha256: str
    imports: list[OrganisationImport]
    unmatched: list[tuple[str, str]]  # trusts in the file with no organisation here
    absent: list[Organisation]  # organisations with ODS codes not in the file
    not_mapped: list[tuple[str, str]]
    dry_run: bool = False

    @property
    def figures(self) -> int:
        return sum(len(i.rows) for i in self.imports)


class _DryRun(Exception):
    pass


def trust_name(text: str) -> str:
    """A trust's name as filed (in capitals) as a person writes it: "Burton Hospitals NHS
    Foundation Trust"."""
    small = {"and", "of", "the", "for", "in", "on", "at"}
    upper = {"NHS", "UK", "CIC", "LLP", "2gether"}
    words = []
    for index, word in enumerate(text.split()):
        if word.upper() in {u.upper() for u in upper}:
            words.append(next(u for u in upper if u.upper() == word.upper()))
        elif index and word.lower() in small:
            words.append(word.lower())
        else:
            words.append(word[:1].upper() + word[1:].lower())
    return " ".join(words)


def _organisations_by_code() -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    rows = Organisation.objects.exclude(ods_code="", predecessor_ods_codes="").order_by("name")
    for organisation in rows:
        for code in organisation.ods_codes:
            found[code.upper()] = organisation
    return found


def _published(factor_set: FactorSet, target: Target) -> bool:
    """Whether the set publishes a kg CO2e value for a row named by its levels."""
    rows = Factor.objects.filter(
        factor_set=factor_set,
        level_1__iexact=target.level_1,
        level_2__iexact=target.level_2,
        level_3__iexact=target.level_3,
        unit=target.factor_unit,
        gas=Factor.Gas.CO2E,
        value__isnull=False,
    )
    if target.column_text:
        rows = rows.filter(column_text__iexact=target.column_text)
    return rows.exists()


def _row(estates_return: EstatesReturn, code: str, key: str, target: Target, quantity: str):
    label = financial_year_label(estates_return.year)
    column = COLUMNS[estates_return.year][key]
    name = trust_name(estates_return.name(code))
    row = {
        "reporting_year": label,
        "activity": target.activity,
        "level_1": target.level_1,
        "level_2": target.level_2,
        "level_3": target.level_3,
        "column_text": target.column_text,
        "factor_unit": target.factor_unit,
        "quantity": quantity,
        "unit": target.unit,
        "reference": f"ERIC {code} {MAPPED[key].what}",
        "note": f"ERIC {label} column '{column}', trust {code}" + (f" ({name})" if name else ""),
    }
    if not target.by_levels:
        for level in ("level_1", "level_2", "level_3", "column_text", "factor_unit"):
            del row[level]
    else:
        del row["activity"]
        if not target.column_text:
            del row["column_text"]
    return row


def _header(rows: list[dict]) -> list[str]:
    order = [
        "reporting_year",
        "activity",
        "level_1",
        "level_2",
        "level_3",
        "column_text",
        "factor_unit",
        "quantity",
        "unit",
        "reference",
        "note",
    ]
    used = {key for row in rows for key in row}
    return [name for name in order if name in used]


def _named(message: str, rows: list[dict]) -> str:
    """An activity-import message about "Row 3" said of the figure it is about instead."""
    match = re.match(r"Row (\d+): (.*)", message, re.DOTALL)
    if not match or not 1 <= int(match[1]) <= len(rows):
        return message
    row = rows[int(match[1]) - 1]
    return f"{row['reference']} ({row['note']}): {match[2]}"


def estates_return_plan(
    *, file_name: str, content: bytes, year: int, trusts: list[str] | None = None
) -> EricResult:
    """The ``year`` return read and matched: each organisation's activity rows (unsaved), the
    cells that give no figure and why, the trusts and organisations left unmatched; or
    ``ImportRefused`` with every problem. ``trusts``: only these codes (each must be in the
    file and an organisation's)."""
    estates_return = estates_return_read(file_name=file_name, content=content, year=year)
    by_code = _organisations_by_code()
    wanted = list(dict.fromkeys(c.strip().upper() for c in trusts or [] if c.strip()))
    problems = []
    for code in wanted:
        if code not in estates_return.trusts:
            problems.append(f"The trust {code} is not in {file_name}.")
        elif code not in by_code:
            problems.append(
                f"The trust {code} ({trust_name(estates_return.name(code))}) is no "
                "organisation's ODS code here: set it on the organisation first (trusts are "
                "never matched by name)."
            )
    if problems:
        raise ImportRefused(problems)
    codes = wanted or [c for c in estates_return.trusts if c.upper() in by_code]
    unmatched = [
        (c, trust_name(estates_return.name(c)))
        for c in estates_return.trusts
        if c.upper() not in by_code
    ]
    in_file = {c.upper() for c in estates_return.trusts}
    absent = sorted(
        {o.pk: o for o in by_code.values() if not in_file & set(o.ods_codes)}.values(),
        key=lambda o: o.name,
    )
    imports: dict[int, OrganisationImport] = {}
    for code in codes:
        organisation = by_code[code.upper()]
        found = imports.setdefault(
            organisation.pk, OrganisationImport(organisation=organisation, codes=[])
        )
        found.codes.append(code)
    for found in imports.values():
        try:
            factor_set = factor_set_for(reporting_year=year, organisation=found.organisation)
        except ValidationError as exc:
            problems.append(f"{found.organisation.name}: {' '.join(exc.messages)}")
            continue
        for code in found.codes:
            for key, column in COLUMNS[year].items():
                raw = estates_return.cell(code, key)
                if not raw:
                    found.skipped.append(Skipped(code, column, "blank"))
                    continue
                try:
                    quantity = parse_quantity(raw)
                except ValidationError as exc:
                    problems.append(
                        f"Trust {code}, column '{column}': {shown(raw)} is not a quantity "
                        f"({' '.join(exc.messages)})"
                    )
                    continue
                if quantity == 0:
                    found.skipped.append(Skipped(code, column, "0"))
                    continue
                for target in MAPPED[key].targets:
                    if target.by_levels and not _published(factor_set, target):
                        found.skipped.append(
                            Skipped(
                                code,
                                column,
                                f"the {factor_set.set_year} factors publish no value for "
                                f"{target.described()}",
                            )
                        )
                        continue
                    found.rows.append(_row(estates_return, code, key, target, raw))
    if problems:
        raise ImportRefused(problems)
    return EricResult(
        year=year,
        file_name=file_name,
        sha256=estates_return.sha256,
        imports=list(imports.values()),
        unmatched=unmatched,
        absent=absent,
        not_mapped=not_mapped(estates_return),
    )


def estates_return_import(
    *,
    file_name: str,
    content: bytes,
    year: int,
    trusts: list[str] | None = None,
    user: AbstractBaseUser | None = None,
    who: str = "",
    replace: bool = False,
    dry_run: bool = False,
) -> EricResult:
    """Reads the ``year`` return (``estates_return_plan``) and saves each matched
    organisation's figures as one import, all organisations or none (``ImportRefused`` with
    every problem). ``replace``: an organisation that imported this very file already has that
    import replaced. ``dry_run``: everything checked, the figures worked out, nothing saved."""
    result = estates_return_plan(file_name=file_name, content=content, year=year, trusts=trusts)
    result.dry_run = dry_run
    label = financial_year_label(year)
    source = f"NHS Estates Returns Information Collection (ERIC) {label}, file {file_name}"
    problems: list[str] = []
    try:
        with transaction.atomic():
            for found in result.imports:
                if not found.rows:
                    continue
                previous = None
                if replace:
                    previous = import_batch_same_file(
                        organisation=found.organisation, sha256=result.sha256
                    )
                try:
                    found.batch = import_batch_apply(
                        organisation=found.organisation,
                        header=_header(found.rows),
                        rows=list(enumerate(found.rows, start=1)),
                        channel=ImportBatch.Channel.ESTATES_RETURN,
                        source=source,
                        file_name=file_name,
                        sha256=result.sha256,
                        user=user,
                        who=who,
                        replace=previous,
                    )
                except ActivityImportDuplicate as exc:
                    problems.append(
                        f"{found.organisation.name}: {' '.join(exc.messages)} (On the command "
                        "line: --replace.)"
                    )
                except ActivityImportRefused as exc:
                    problems.extend(
                        f"{found.organisation.name}: {_named(m, found.rows)}" for m in exc.messages
                    )
            if problems:
                raise ImportRefused(problems)
            if dry_run:
                raise _DryRun
    except _DryRun:
        for found in result.imports:
            found.batch = None
    return result
