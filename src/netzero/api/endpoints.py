"""The JSON API, version 1 (django-ninja): reads of what the pages show, under the same rules,
and the two writes a person does from their own tools (an action's quarterly update, a year's
activity data). Every rule is the services' and selectors' own; this module only reads the
request, calls them and shapes the answer. The OpenAPI document is /api/v1/openapi.json and its
browsable docs /api/v1/docs."""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Status, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from netzero.api import schemas
from netzero.api.auth import READ_AUTH, WRITE_AUTH, WriteThrottle, reader
from netzero.api.selectors import organisations_readable, plans_readable
from netzero.core.exceptions import ApplicationError, Conflict, NotFound, error_messages
from netzero.core.narrative import markdown_to_narrative, narrative_to_markdown
from netzero.core.permissions import Permission
from netzero.core.public_pages import mark_public, public_page
from netzero.core.visibility import require_visible
from netzero.core.years import financial_year_label
from netzero.dashboards.formats import dashboard_as_json
from netzero.dashboards.selectors import dashboard_for_period
from netzero.footprints.imports import ActivityImportRefused, ImportResult
from netzero.footprints.models import Boundary, ImportBatch
from netzero.footprints.selectors import (
    footprint_organisation_get,
    footprint_targets,
    footprint_totals,
    footprint_years,
)
from netzero.footprints.services import import_batch_apply
from netzero.indicators.presenters import indicator_as_dict
from netzero.indicators.selectors import indicators_for_organisation, indicators_for_plan
from netzero.plans.outline import outline_as_dict
from netzero.plans.selectors import action_get_exact, plan_get, plan_outline
from netzero.reporting.selectors import period_get, periods_for_plan, visible_periods
from netzero.workflow.selectors import update_find
from netzero.workflow.services import update_save

logger = logging.getLogger(__name__)


class NetZeroAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any):
        """The document as ninja builds it, saying what it cannot: a read's token is optional
        (published data is read without one; ``{}`` in its security is "no token")."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if (
                    method == "get"
                    and operation.get("security")
                    and {} not in operation["security"]
                ):
                    operation["security"].append({})
        return schema


api = NetZeroAPI(
    title="Net Zero Tracker API",
    version="1",
    description=(
        "Read plans, actions, quarterly dashboards, footprints, targets and indicators, and write "
        "quarterly updates and activity data. Published data needs no token; anything else needs "
        "`Authorization: Bearer <token>` (make one on the API tokens page). Writes always need a "
        "token and are limited per token (429 beyond the limit)."
    ),
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

PROBLEMS = {
    400: schemas.Problem,
    401: schemas.Problem,
    403: schemas.Problem,
    404: schemas.Problem,
    422: schemas.Problem,
}
WRITE_PROBLEMS = {**PROBLEMS, 409: schemas.ConflictProblem, 429: schemas.Problem}
PAGE_LIMIT = 100


# --- Errors: JSON always, in the services' words --------------------------------------------


def _problem(request, status: int, detail: str, messages=None, **extra) -> HttpResponse:
    body = {"detail": detail, "messages": list(messages or [detail]), "errors": {}, **extra}
    return api.create_response(request, body, status=status)


@api.exception_handler(NotFound)
def _not_found(request, exc: NotFound):
    return _problem(request, 404, " ".join(exc.messages))


@api.exception_handler(Http404)
def _http404(request, exc: Http404):
    return _problem(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def _denied(request, exc: PermissionDenied):
    return _problem(request, 403, str(exc) or "You do not have permission to do this.")


@api.exception_handler(Conflict)
def _conflict(request, exc: Conflict):
    current = getattr(exc, "current", None)
    return _problem(
        request,
        409,
        " ".join(error_messages(exc)),
        error_messages(exc),
        current=_update_out(current, current.action.ref, current.period.name) if current else None,
    )


@api.exception_handler(ValidationError)
def _refused(request, exc: ValidationError):
    messages = error_messages(exc)
    detail = str(exc) if isinstance(exc, ApplicationError) else " ".join(messages)
    body: dict[str, Any] = {}
    if hasattr(exc, "error_dict"):
        body["errors"] = {
            field: list(msgs) for field, msgs in exc.message_dict.items() if field != "__all__"
        }
    return _problem(request, 400, detail, messages, **body)


_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}
_PLAIN_WORDS = {"missing": "this field is needed"}  # pydantic's "Field required"


def _field_named(loc) -> str:
    """The field as the request names it: "version", "rows[2].quantity", "limit"; never the
    part of the request it came in ("body", "query") nor the endpoint's parameter ("body")."""
    parts = list(loc)
    if parts and parts[0] in _LOCATIONS:
        location = parts.pop(0)
        if location == "body" and len(parts) > 1:
            parts.pop(0)  # the endpoint's parameter holding the body
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    messages: list[str] = []
    by_field: dict[str, list[str]] = {}
    for error in exc.errors:
        field = _field_named(error.get("loc", ()))
        words = _PLAIN_WORDS.get(error.get("type", ""), error.get("msg", ""))
        messages.append(f"{field}: {words}" if field else words)
        if field:
            by_field.setdefault(field, []).append(words)
    return _problem(request, 422, "The request is not valid.", messages, errors=by_field)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _problem(request, exc.status_code, str(exc))


@api.exception_handler(AuthenticationError)
def _no_token(request, exc: AuthenticationError):
    message = str(exc)
    if message == "Unauthorized":  # ninja's own words when no token was sent
        message = (
            "Send an API token: Authorization: Bearer <token> (make one on the API tokens page)."
        )
    response = _problem(request, 401, message)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Exception)
def _server_error(request, exc: Exception):
    logger.exception("API request failed: %s %s", request.method, request.path)
    return _problem(request, 500, "Something went wrong on the server; nothing was saved.")


@csrf_exempt  # it writes nothing; a POST to a mistyped address is a 404 too
def unknown_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/: a JSON 404, never the site's HTML page."""
    return _problem(request, 404, "There is no such address in the API.")


# --- Finding things by address, under the pages' rules ---------------------------------------


def _organisation(request, org_slug: str):
    organisation = footprint_organisation_get(slug=org_slug)
    require_visible(reader(request), organisation)
    return organisation


def _plan(request, plan_slug: str):
    try:
        plan = plan_get(slug=plan_slug)
    except NotFound:
        # plan_get's message lists other plans' slugs: not for an API reader.
        raise NotFound("No plan at that address.", code="unknown_plan") from None
    require_visible(reader(request), plan)
    return plan


def _period(request, plan, period: str):
    """The plan's period if this reader may read it (an open one, with its drafts, only for
    whom the pages show it); else not found."""
    found = period_get(plan=plan, name=period)
    if not reader(request).has_perm(Permission.VIEW_PERIOD, found):
        raise NotFound("No such period.")
    return found


_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def _year(label: str) -> int:
    match = _YEAR.match(label.strip())
    if not match or financial_year_label(int(match[1])) != label.strip():
        raise NotFound(f'{label!r} is not a reporting year: write it as "2022-23".')
    return int(match[1])


def _t(value: Decimal | None) -> str:
    return "0" if value is None else format(value.normalize(), "f")


def _published_for_all(request, response: HttpResponse, period) -> HttpResponse:
    """A published period's answer is the same for every reader: for the public (no token, no
    session) it may be stored and served from the cache (``netzero.core.public_pages``, which
    never stores or serves a stored answer to a request with a token or a session). An open
    period's, with its drafts, is never stored; nor is an answer asked for with a query (these
    reads take none), so one address is stored per answer."""
    if period.is_published and not request.META.get("QUERY_STRING"):
        return mark_public(response)
    return response


# --- Shapes ------------------------------------------------------------------------------------


def _organisation_out(o) -> dict[str, Any]:
    return {
        "slug": o.slug,
        "name": o.name,
        "kind": o.get_kind_display(),
        "partnership": o.partnership.slug if o.partnership_id else None,
        "partnership_role": o.partnership_role,
        "ods_code": o.ods_code,
        "ons_area_code": o.ons_area_code,
        "open_data_licence": o.open_data_licence,
    }


def _plan_out(p) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "name": p.name,
        "organisation": p.organisation.name,
        "organisation_slug": p.organisation.slug,
        "description": p.description,
    }


def _period_out(p) -> dict[str, Any]:
    return {
        "name": p.name,
        "slug": p.slug,
        "state": p.state,
        "published_at": p.published_at.isoformat() if p.published_at else None,
    }


def _update_out(update, ref: str, period_name: str) -> dict[str, Any]:
    if update is None:
        return {
            "ref": ref,
            "period": period_name,
            "state": "not_started",
            "status": "Not reported",
            "progress": "",
            "progress_html": "",
            "reason": "",
            "mitigation": "",
            "version": 0,
            "updated_at": None,
        }
    return {
        "ref": ref,
        "period": period_name,
        "state": update.state,
        "status": update.get_status_display(),
        "progress": narrative_to_markdown(update.progress),
        "progress_html": update.progress,
        "reason": update.reason,
        "mitigation": update.mitigation,
        "version": update.version,
        "updated_at": update.updated_at.isoformat() if update.updated_at else None,
    }


def _footprint_year(organisation, year: int) -> dict[str, Any]:
    totals = footprint_totals(organisation=organisation, reporting_year=year)

    def rows(pairs):
        return [{"name": name, "tco2e": _t(value)} for name, value in pairs]

    return {
        "year": financial_year_label(year),
        "figures": totals.count,
        "by_scope": rows(totals.by_scope),
        "by_category": rows(totals.by_category),
        "by_boundary": rows(totals.by_boundary),
    }


# --- Reads ---------------------------------------------------------------------------------


@api.get(
    "/organisations",
    auth=READ_AUTH,
    response={200: list[schemas.OrganisationOut], **PROBLEMS},
    url_name="organisations",
    tags=["organisations"],
)
@paginate(LimitOffsetPagination, max_limit=PAGE_LIMIT)
def organisations(request):
    """The organisations whose pages you may read."""
    return [_organisation_out(o) for o in organisations_readable(user=reader(request))]


@api.get(
    "/organisations/{org_slug}",
    auth=READ_AUTH,
    response={200: schemas.OrganisationOut, **PROBLEMS},
    url_name="organisation",
    tags=["organisations"],
)
def organisation(request, org_slug: str):
    return _organisation_out(_organisation(request, org_slug))


@api.get(
    "/organisations/{org_slug}/footprints",
    auth=READ_AUTH,
    response={200: list[schemas.FootprintYearOut], **PROBLEMS},
    url_name="footprints",
    tags=["footprints"],
)
def footprints(request, org_slug: str):
    """Each reporting year's figures summed by scope, category and boundary (tCO2e)."""
    found = _organisation(request, org_slug)
    return [_footprint_year(found, year) for year in footprint_years(organisation=found)]


@api.get(
    "/organisations/{org_slug}/footprints/{year}",
    auth=READ_AUTH,
    response={200: schemas.FootprintYearOut, **PROBLEMS},
    url_name="footprint",
    tags=["footprints"],
)
def footprint(request, org_slug: str, year: str):
    found = _organisation(request, org_slug)
    wanted = _year(year)
    if wanted not in footprint_years(organisation=found):
        raise NotFound("No footprint for that year.")
    return _footprint_year(found, wanted)


@api.get(
    "/organisations/{org_slug}/targets",
    auth=READ_AUTH,
    response={200: list[schemas.TargetOut], **PROBLEMS},
    url_name="targets",
    tags=["footprints"],
)
def targets(request, org_slug: str):
    boundaries = dict(Boundary.choices)
    return [
        {
            "description": t.description,
            "boundary": boundaries.get(t.boundary, ""),
            "covers": t.covers,
            "baseline_year": t.baseline_year,
            "baseline_tco2e": None if t.baseline_tco2e is None else _t(t.baseline_tco2e),
            "target_year": t.target_year,
            "reduction_percent": _t(t.reduction_percent),
            "source": t.source,
        }
        for t in footprint_targets(organisation=_organisation(request, org_slug))
    ]


@api.get(
    "/organisations/{org_slug}/indicators",
    auth=READ_AUTH,
    response={200: list[dict[str, Any]], **PROBLEMS},
    url_name="organisation_indicators",
    tags=["indicators"],
)
@paginate(LimitOffsetPagination, max_limit=PAGE_LIMIT)
def organisation_indicators(request, org_slug: str):
    """The organisation's own indicators, then its plans': as `netzero indicators --format json`."""
    found = _organisation(request, org_slug)
    return [indicator_as_dict(s) for s in indicators_for_organisation(organisation=found)]


@api.get(
    "/plans",
    auth=READ_AUTH,
    response={200: list[schemas.PlanOut], **PROBLEMS},
    url_name="plans",
    tags=["plans"],
)
@paginate(LimitOffsetPagination, max_limit=PAGE_LIMIT)
def plans(request):
    """The plans you may read."""
    return [_plan_out(p) for p in plans_readable(user=reader(request))]


@api.get(
    "/plans/{plan_slug}",
    auth=READ_AUTH,
    response={200: schemas.PlanOut, **PROBLEMS},
    url_name="plan",
    tags=["plans"],
)
def plan(request, plan_slug: str):
    return _plan_out(_plan(request, plan_slug))


@api.get(
    "/plans/{plan_slug}/themes",
    auth=READ_AUTH,
    response={200: list[dict[str, Any]], **PROBLEMS},
    url_name="themes",
    tags=["plans"],
)
def themes(request, plan_slug: str):
    """The plan's tree of themes, each with its actions' refs (as `netzero plan show`)."""
    return outline_as_dict(plan_outline(plan=_plan(request, plan_slug)))["themes"]


@api.get(
    "/plans/{plan_slug}/actions",
    auth=READ_AUTH,
    response={200: list[dict[str, Any]], **PROBLEMS},
    url_name="actions",
    tags=["plans"],
)
@paginate(LimitOffsetPagination, max_limit=PAGE_LIMIT)
def actions(request, plan_slug: str):
    """The plan's actions in ref order: timescale, role and delivering organisations."""
    return outline_as_dict(plan_outline(plan=_plan(request, plan_slug)))["actions"]


@api.get(
    "/plans/{plan_slug}/actions/{ref}",
    auth=READ_AUTH,
    response={200: dict[str, Any], **PROBLEMS},
    url_name="action",
    tags=["plans"],
)
def action(request, plan_slug: str, ref: str):
    found = _plan(request, plan_slug)
    action_get_exact(plan=found, ref=ref)  # NotFound for a ref the plan does not have
    rows = outline_as_dict(plan_outline(plan=found))["actions"]
    return next(row for row in rows if row["ref"] == ref)


@api.get(
    "/plans/{plan_slug}/indicators",
    auth=READ_AUTH,
    response={200: list[dict[str, Any]], **PROBLEMS},
    url_name="plan_indicators",
    tags=["indicators"],
)
@paginate(LimitOffsetPagination, max_limit=PAGE_LIMIT)
def plan_indicators(request, plan_slug: str):
    return [indicator_as_dict(s) for s in indicators_for_plan(plan=_plan(request, plan_slug))]


@api.get(
    "/plans/{plan_slug}/periods",
    auth=READ_AUTH,
    response={200: list[schemas.PeriodOut], **PROBLEMS},
    url_name="periods",
    tags=["periods"],
)
def periods(request, plan_slug: str):
    """The plan's reporting periods you may read: published ones, and open ones if you take part."""
    found = _plan(request, plan_slug)
    readable = visible_periods(
        user=reader(request), periods=periods_for_plan(plan=found, snapshots=False)
    )
    return [_period_out(p) for p in readable]


@api.get(
    "/plans/{plan_slug}/periods/{period}",
    auth=READ_AUTH,
    response={200: schemas.PeriodOut, **PROBLEMS},
    url_name="period",
    tags=["periods"],
)
def period(request, plan_slug: str, period: str):
    return _period_out(_period(request, _plan(request, plan_slug), period))


@api.get(
    "/plans/{plan_slug}/periods/{period}/dashboard",
    auth=READ_AUTH,
    response={200: dict[str, Any], **PROBLEMS},
    url_name="dashboard",
    tags=["periods"],
)
@public_page
def dashboard(request, plan_slug: str, period: str):
    """The period's dashboard: exactly what `netzero dashboard --format json` prints."""
    found = _plan(request, plan_slug)
    the_period = _period(request, found, period)
    text = dashboard_as_json(dashboard_for_period(plan=found, period=the_period))
    return _published_for_all(
        request, HttpResponse(text, content_type="application/json; charset=utf-8"), the_period
    )


@api.get(
    "/plans/{plan_slug}/periods/{period}/updates/{ref}",
    auth=READ_AUTH,
    response={200: schemas.UpdateOut, **PROBLEMS},
    url_name="update",
    tags=["updates"],
)
@public_page
def update(request, plan_slug: str, period: str, ref: str):
    """An action's update in a period, with the version to send back with a change."""
    found = _plan(request, plan_slug)
    the_period = _period(request, found, period)
    the_action = action_get_exact(plan=found, ref=ref)
    out = _update_out(update_find(action=the_action, period=the_period), ref, the_period.name)
    shaped = schemas.UpdateOut.model_validate(out).model_dump()
    answer = api.create_response(request, shaped, status=200)
    return _published_for_all(request, answer, the_period)


# --- Writes (a token; limited per token) -----------------------------------------------------


def _save(request, plan_slug: str, period: str, ref: str, body: schemas.UpdateIn, submit: bool):
    found = _plan(request, plan_slug)
    the_period = _period(request, found, period)
    the_action = action_get_exact(plan=found, ref=ref)
    saved = update_save(
        action=the_action,
        period=the_period,
        user=reader(request),
        status=body.status,
        progress=markdown_to_narrative(body.progress),
        reason=body.reason,
        mitigation=body.mitigation,
        expected_version=body.version,
        submit=submit,
        site_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return _update_out(saved, ref, the_period.name)


@api.put(
    "/plans/{plan_slug}/periods/{period}/updates/{ref}",
    auth=WRITE_AUTH,
    throttle=[WriteThrottle()],
    response={200: schemas.UpdateOut, **WRITE_PROBLEMS},
    url_name="update_save",
    tags=["updates"],
)
def update_save_draft(request, plan_slug: str, period: str, ref: str, body: schemas.UpdateIn):
    """Save the update as a draft (what you typed is kept; only the lengths are checked). Send
    the version you read; if someone saved since, 409 with their update as it now stands."""
    return _save(request, plan_slug, period, ref, body, submit=False)


@api.post(
    "/plans/{plan_slug}/periods/{period}/updates/{ref}/submit",
    auth=WRITE_AUTH,
    throttle=[WriteThrottle()],
    response={200: schemas.UpdateOut, **WRITE_PROBLEMS},
    url_name="update_submit",
    tags=["updates"],
)
def update_submit(request, plan_slug: str, period: str, ref: str, body: schemas.UpdateIn):
    """Save and submit the update for approval: a status, a summary of progress, a reason for
    Review or Action and a mitigation for Action are needed."""
    return _save(request, plan_slug, period, ref, body, submit=True)


@api.post(
    "/organisations/{org_slug}/footprints/{year}/activity",
    auth=WRITE_AUTH,
    throttle=[WriteThrottle()],
    response={201: schemas.ImportOut, **WRITE_PROBLEMS},
    url_name="activity_import",
    tags=["footprints"],
)
def activity_import(request, org_slug: str, year: str, body: schemas.ActivityIn):
    """Activity data rows for a reporting year, checked and saved as one import, all or
    nothing: a refused import answers 400 with one message per problem ("Row 2: ...")."""
    found = _organisation(request, org_slug)
    label = financial_year_label(_year(year))
    header: list[str] = ["reporting_year"]
    rows = []
    wrong_year = []
    for number, row in enumerate(body.rows, start=1):
        given = str(row.get("reporting_year") or "").strip()
        if given and given != label:
            wrong_year.append(
                f"Row {number}: reporting_year {given} is not {label}, the address's."
            )
        cells = {name: "" if value is None else str(value) for name, value in row.items()}
        cells["reporting_year"] = label
        header += [name for name in cells if name not in header]
        rows.append((number, cells))
    if wrong_year:
        raise ActivityImportRefused(ImportResult(rows=len(rows), errors=wrong_year))
    batch = import_batch_apply(
        organisation=found,
        header=header,
        rows=rows,
        channel=ImportBatch.Channel.API,
        source=body.source or "Sent through the API",
        user=reader(request),
    )
    return Status(
        201,
        {
            "id": batch.pk,
            "rows_read": batch.rows_read,
            "figures_created": batch.figures_created,
            "state": batch.state,
        },
    )
