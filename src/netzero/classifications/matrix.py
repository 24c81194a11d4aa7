"""A plan's classification matrix: for each scheme, each category (a module, then its action
summaries) with the count the source reports and the live count of the plan's actions classified
under it, in all and per delivering organisation.

The rules:
- An action counts under a category when it is classified under it; under a top-level category
  (a module) also when it is classified under any category beneath it, and once only however
  many of them it is classified under.
- An organisation's live count is the number of those actions it delivers (as lead or partner).
  An organisation has a column only when it delivers at least one action classified under the
  scheme, or the source reports a count for it.
- A module's reported count is the one the source gives for it; where the source gives counts
  only for the summaries beneath it, it is their sum.
- The scheme's live total counts each classified action once (an action under two modules is one
  action); its reported total is the sum of the modules' reported counts.

The page, ``netzero matrix`` and (later) reports all read this one structure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from netzero.classifications.models import Category, ClassificationScheme, ReportedCount
from netzero.organisations.models import Organisation
from netzero.plans.models import Plan


@dataclass(frozen=True)
class Cell:
    """One organisation's counts for a category (or the scheme's total)."""

    organisation: Organisation
    reported: int | None  # None: the source reports no count for this organisation
    live: int


@dataclass(frozen=True)
class MatrixRow:
    category: Category
    parent: Category | None
    level_name: str  # "Module", "Action summary"
    reported: int | None  # None: the source reports no count
    live: int
    cells: tuple[Cell, ...]  # one per organisation column, in the scheme's column order

    @property
    def is_top_level(self) -> bool:
        return self.parent is None


@dataclass(frozen=True)
class SchemeMatrix:
    scheme: ClassificationScheme
    organisations: tuple[Organisation, ...]  # the columns: the plan's owner first, then by name
    rows: tuple[MatrixRow, ...]  # tree order: each module, then the summaries beneath it
    reported_total: int | None
    live_total: int
    total_cells: tuple[Cell, ...]
    sources: tuple[str, ...]  # the sources of the reported counts, each once

    @property
    def has_classified_actions(self) -> bool:
        return self.live_total > 0

    @property
    def has_reported_counts(self) -> bool:
        return self.reported_total is not None


@dataclass(frozen=True)
class ClassificationMatrix:
    plan: Plan
    schemes: tuple[SchemeMatrix, ...]


def matrix_build(
    *,
    plan: Plan,
    schemes: list[ClassificationScheme],
    categories: list[Category],
    reported: list[ReportedCount],
    classified: Iterable[tuple[int, int]],
    deliveries: Iterable[tuple[int, Organisation]],
) -> ClassificationMatrix:
    """Arrange the plan's ``schemes``, their ``categories`` (in order), ``reported`` counts,
    ``classified`` (action id, category id) pairs and the ``deliveries`` (action id,
    organisation) of the classified actions into the matrix. No queries."""
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    top_of = {c.pk: (c.parent_id or c.pk) for c in categories}
    scheme_of = {c.pk: c.scheme_id for c in categories}

    # The actions under each category; a module gathers its summaries' actions (a set: once).
    actions_under: dict[int, set[int]] = {c.pk: set() for c in categories}
    actions_in_scheme: dict[int, set[int]] = {s.pk: set() for s in schemes}
    for action_id, category_id in classified:
        actions_under[category_id].add(action_id)
        if top_of[category_id] != category_id:
            actions_under[top_of[category_id]].add(action_id)
        actions_in_scheme[scheme_of[category_id]].add(action_id)

    delivered_by: dict[int, set[int]] = {}
    organisations: dict[int, Organisation] = {}
    for action_id, organisation in deliveries:
        delivered_by.setdefault(action_id, set()).add(organisation.pk)
        organisations[organisation.pk] = organisation

    counts: dict[tuple[int, int | None], int] = {}
    sources: dict[int, list[str]] = {s.pk: [] for s in schemes}
    for r in reported:
        counts[(r.category_id, r.organisation_id)] = r.count
        if r.organisation_id is not None:
            organisations[r.organisation_id] = r.organisation
        scheme_sources = sources[scheme_of[r.category_id]]
        if r.source not in scheme_sources:
            scheme_sources.append(r.source)

    def reported_for(category: Category, organisation_id: int | None) -> int | None:
        own = counts.get((category.pk, organisation_id))
        if own is not None or category.parent_id is not None:
            return own
        below = [counts.get((c.pk, organisation_id)) for c in children.get(category.pk, [])]
        given = [n for n in below if n is not None]
        return sum(given) if given else None

    def live_for(action_ids: set[int], organisation_id: int) -> int:
        return sum(1 for a in action_ids if organisation_id in delivered_by.get(a, ()))

    out = []
    for scheme in schemes:
        tops = [c for c in children.get(None, []) if c.scheme_id == scheme.pk]
        in_scheme = [c for top in tops for c in (top, *children.get(top.pk, []))]
        scheme_actions = actions_in_scheme[scheme.pk]
        org_ids = {o for a in scheme_actions for o in delivered_by.get(a, ())}
        org_ids |= {o for (cat, o) in counts if o is not None and scheme_of[cat] == scheme.pk}
        columns = sorted(
            (organisations[o] for o in org_ids),
            key=lambda o: (o.pk != plan.organisation_id, o.name),
        )
        rows = []
        for category in in_scheme:
            under = actions_under[category.pk]
            rows.append(
                MatrixRow(
                    category=category,
                    parent=None if category.parent_id is None else _find(tops, category.parent_id),
                    level_name=(
                        scheme.top_level_name
                        if category.parent_id is None
                        else scheme.second_level_name
                    ),
                    reported=reported_for(category, None),
                    live=len(under),
                    cells=tuple(
                        Cell(o, reported_for(category, o.pk), live_for(under, o.pk))
                        for o in columns
                    ),
                )
            )
        top_rows = [r for r in rows if r.is_top_level]

        def total(values: list[int | None]) -> int | None:
            given = [v for v in values if v is not None]
            return sum(given) if given else None

        out.append(
            SchemeMatrix(
                scheme=scheme,
                organisations=tuple(columns),
                rows=tuple(rows),
                reported_total=total([r.reported for r in top_rows]),
                live_total=len(scheme_actions),
                total_cells=tuple(
                    Cell(
                        o,
                        total([r.cells[i].reported for r in top_rows]),
                        live_for(scheme_actions, o.pk),
                    )
                    for i, o in enumerate(columns)
                ),
                sources=tuple(sources[scheme.pk]),
            )
        )
    return ClassificationMatrix(plan=plan, schemes=tuple(out))


def _find(categories: list[Category], pk: int) -> Category:
    return next(c for c in categories if c.pk == pk)


# --- formats: the command line's (and later the API's) ------------------------------------------
def matrix_as_dict(matrix: ClassificationMatrix) -> dict[str, Any]:
    """Rows of scheme, level, category, parent, organisation (None: all organisations together,
    as the source reports them), reported and live counts; then the totals, the same way."""
    plan = matrix.plan
    rows: list[dict[str, Any]] = []
    totals: list[dict[str, Any]] = []
    schemes: list[dict[str, Any]] = []
    for s in matrix.schemes:
        schemes.append(
            {
                "scheme": s.scheme.name,
                "levels": [s.scheme.top_level_name, s.scheme.second_level_name],
                "source": s.scheme.source,
                "reported_sources": list(s.sources),
                "organisations": [{"slug": o.slug, "name": o.name} for o in s.organisations],
            }
        )
        for row in s.rows:
            base = {
                "scheme": s.scheme.name,
                "level": row.level_name,
                "category": row.category.name,
                "parent": row.parent.name if row.parent else None,
            }
            rows.append({**base, "organisation": None, "reported": row.reported, "live": row.live})
            for cell in row.cells:
                rows.append(
                    {
                        **base,
                        "organisation": cell.organisation.slug,
                        "reported": cell.reported,
                        "live": cell.live,
                    }
                )
        totals.append(
            {
                "scheme": s.scheme.name,
                "organisation": None,
                "reported": s.reported_total,
                "live": s.live_total,
            }
        )
        for cell in s.total_cells:
            totals.append(
                {
                    "scheme": s.scheme.name,
                    "organisation": cell.organisation.slug,
                    "reported": cell.reported,
                    "live": cell.live,
                }
            )
    return {
        "plan": {"slug": plan.slug, "name": plan.name, "organisation": plan.organisation.name},
        "schemes": schemes,
        "rows": rows,
        "totals": totals,
    }


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def matrix_as_text(matrix: ClassificationMatrix) -> str:
    plan = matrix.plan
    lines = [plan.name, f"Owned by {plan.organisation.name}", ""]
    if not matrix.schemes:
        lines.append("This plan has no classification schemes.")
    for s in matrix.schemes:
        scheme = s.scheme
        lines.append(f"{scheme.name} ({scheme.top_level_name} and {scheme.second_level_name})")
        for source in s.sources:
            lines.append(f"Reported by the source: {source}")
        if not s.has_classified_actions:
            lines.append(
                "None of this plan's actions is classified under this scheme yet: the live "
                "counts are zero."
            )
        headings = ["Reported", "Live", *(o.slug for o in s.organisations)]
        table = [(f"{scheme.top_level_name} / {scheme.second_level_name.lower()}", headings)]
        for row in s.rows:
            label = f"  {row.category.name}" if row.parent else row.category.name
            values = [_count(row.reported), str(row.live)]
            table.append((label, values + [_cell_text(c) for c in row.cells]))
        values = [_count(s.reported_total), str(s.live_total)]
        table.append(("Total", values + [_cell_text(c) for c in s.total_cells]))
        lines += _aligned(table)
        if s.organisations:
            lines.append("Organisation columns count the classified actions each delivers.")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _aligned(table: list[tuple[str, list[str]]]) -> list[str]:
    """Labels left-aligned, counts right-aligned, in columns at least eight wide."""
    width = max(len(label) for label, _ in table)
    widths = [max(8, *(len(values[i]) for _, values in table)) for i in range(len(table[0][1]))]
    out = []
    for label, values in table:
        cells = "  ".join(v.rjust(w) for v, w in zip(values, widths, strict=True))
        out.append(f"{label.ljust(width)}  {cells}".rstrip())
    return out


def _cell_text(cell: Cell) -> str:
    if cell.reported is None:
        return str(cell.live)
    return f"{cell.live} ({cell.reported})"
