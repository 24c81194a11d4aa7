"""The API's request and response shapes (its OpenAPI document is built from them)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class Problem(Schema):
    """Every error: ``detail`` in the service's words; ``messages`` each problem; ``errors`` the
    problems by field where a rule names one."""

    detail: str
    messages: list[str] = []
    errors: dict[str, list[str]] = {}


class ConflictProblem(Problem):
    current: UpdateOut | None = None


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    partnership: str | None = None
    partnership_role: str = ""
    ods_code: str = ""
    ons_area_code: str = ""
    open_data_licence: str = ""


class PlanOut(Schema):
    slug: str
    name: str
    organisation: str
    organisation_slug: str
    description: str = ""


class PeriodOut(Schema):
    name: str = Field(description='As printed: "2022-23 Q3".')
    slug: str = Field(description='In addresses: "2022-23-Q3".')
    state: str
    published_at: str | None = None


class UpdateOut(Schema):
    ref: str
    period: str
    state: str = Field(description="not_started, draft, submitted, returned or approved.")
    status: str
    progress: str = Field(
        description="The summary of progress as typed: blank-line paragraphs, '- ' bullets, "
        "'1. ' numbers (send it back in the same form)."
    )
    progress_html: str = Field(description="The same, as the pages show it (sanitised HTML).")
    reason: str
    mitigation: str
    version: int = Field(description="Send it back with a change; 0 before the first save.")
    updated_at: str | None = None


class UpdateIn(Schema):
    status: str = Field("", max_length=40, description="Good, Review or Action; blank: none yet.")
    progress: str = Field(
        "",
        max_length=100_000,
        description="Blank-line paragraphs, '- ' bullets, '1. ' numbers, as on the update form.",
    )
    reason: str = Field("", max_length=100_000)
    mitigation: str = Field("", max_length=100_000)
    version: int = Field(ge=0, le=2_147_483_647, description="The version you started from.")


class Total(Schema):
    name: str
    tco2e: str


class FootprintYearOut(Schema):
    year: str = Field(description='The reporting year: "2022-23".')
    figures: int
    by_scope: list[Total]
    by_category: list[Total]
    by_boundary: list[Total]


class TargetOut(Schema):
    description: str
    boundary: str
    covers: str
    baseline_year: int | None = None
    baseline_tco2e: str | None = None
    target_year: int
    reduction_percent: str
    source: str = ""


Cell = str | int | float | None


class ActivityIn(Schema):
    rows: list[dict[str, Cell]] = Field(
        min_length=1,
        max_length=10_000,
        description="Each row's columns as in an activity data file (quantity, unit, activity or "
        "factor_id or levels, and optional scope, category, boundary, reference, note); "
        "reporting_year defaults to the year in the address.",
    )
    source: str = Field("", max_length=300, description="Where the figures come from.")


class ImportOut(Schema):
    id: int
    rows_read: int
    figures_created: int
    state: str


class TokenCheckOut(Schema):
    name: str
    prefix: str
    person: str


Any_ = dict[str, Any]
ConflictProblem.model_rebuild()
