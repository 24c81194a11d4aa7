"""Footprint pages: read-only, public (footprints here come from published plans); the activity
data page, where a manager imports figures and undoes imports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from netzero.core.exceptions import NotFound
from netzero.core.forms import add_service_errors
from netzero.core.permissions import Permission
from netzero.core.uploads import upload_refusal
from netzero.core.visibility import require_visible
from netzero.core.years import financial_year_label
from netzero.factors import services as factor_services
from netzero.factors.sources import set_year_for_reporting_year
from netzero.footprints.activities import activity_names
from netzero.footprints.charts import category_chart_spec, for_page, spec_to_svg
from netzero.footprints.entry_selectors import (
    FACTOR_CHOICES,
    FACTORS_COUNTED,
    HISTORY_SHOWN,
    factor_chosen,
    factor_set_options,
    factors_find,
    figures_by_year,
    record_history,
    reported_entry_get,
    set_year_choice_history,
    set_year_choices,
    stated_total_by_pk,
    stated_total_choices,
    stated_total_get,
    target_get,
)
from netzero.footprints.forms import (
    ActivityFileForm,
    ActivityRowForm,
    FactorFindForm,
    ImportUndoForm,
    ReportedFigureForm,
    SetYearChoiceForm,
    SetYearClearForm,
    StatedTotalForm,
    TargetForm,
)
from netzero.footprints.imports import ActivityImportRefused
from netzero.footprints.models import Boundary, ImportBatch, default_boundary
from netzero.footprints.presenters import (
    entry_how,
    errors_shown,
    factor_choice_label,
    factor_row,
    factor_value_text,
    factors_found_message,
    factors_unavailable_message,
    figure_saved_message,
    history_rows,
    import_batch_rows,
    import_saved_message,
    import_undone_message,
    set_year_choice_rows,
    set_year_history_rows,
    target_rows,
    year_links,
)
from netzero.footprints.selectors import (
    footprint_default_year,
    footprint_organisation_get,
    footprint_summary,
    footprint_targets,
    footprint_year_get,
    footprint_years,
    import_batch_get,
    import_batch_replaced,
    import_batches,
    organisation_has_members,
)
from netzero.footprints.services import (
    REPORTED_FIGURE_FIELDS,
    STATED_TOTAL_FIELDS,
    TARGET_FIELDS,
    entry_delete,
    entry_report,
    entry_reported_update,
    factor_row_columns,
    import_batch_apply,
    import_batch_undo,
    import_file_apply,
    stated_total_delete,
    stated_total_record,
    stated_total_update,
    target_delete,
    target_record,
    target_update,
)


def _public_organisation(request: HttpRequest, org_slug: str):
    """The organisation at the address, if this reader may read its pages (NotFound, the 404
    page, for one that is not public to anyone outside it)."""
    organisation = footprint_organisation_get(slug=org_slug)
    require_visible(request.user, organisation)
    return organisation


@require_safe
def organisation_footprint_latest(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The organisation's footprint in the year where its data is fullest; a partnership with
    no figures of its own goes to its members' page; an organisation with no figures yet gets
    a page that says so (with its targets, and where to add figures)."""
    organisation = _public_organisation(request, org_slug)
    years = footprint_years(organisation=organisation)
    year = footprint_default_year(organisation=organisation, years=years)
    if year is None:
        if organisation_has_members(organisation=organisation):
            return redirect("web:partnership", org_slug=organisation.slug)
        return render(
            request,
            "footprints/organisation_empty.html",
            {
                "organisation": organisation,
                "targets": footprint_targets(organisation=organisation),
                "can_add": request.user.has_perm(Permission.MANAGE_PLAN, organisation),
            },
        )
    return redirect(
        "footprints:organisation",
        org_slug=organisation.slug,
        year=financial_year_label(year),
    )


@require_safe
def organisation_footprint(request: HttpRequest, org_slug: str, year: str) -> HttpResponse:
    organisation = _public_organisation(request, org_slug)
    years = footprint_years(organisation=organisation)
    wanted = footprint_year_get(organisation=organisation, label=year, years=years)
    summary = footprint_summary(organisation=organisation, reporting_year=wanted)
    return render(
        request,
        "footprints/organisation.html",
        {
            "organisation": organisation,
            "summary": summary,
            "entries": [(entry, entry_how(entry)) for entry in summary.entries],
            "years": year_links(years=years, current=wanted),
            "targets": footprint_targets(organisation=organisation),
            "has_members": organisation_has_members(organisation=organisation),
            "can_manage": request.user.has_perm(Permission.MANAGE_PLAN, organisation),
            "chart": for_page(category_chart_spec(summary)) if summary.by_category else None,
        },
    )


@require_safe
def organisation_footprint_svg(request: HttpRequest, org_slug: str, year: str) -> HttpResponse:
    """The category chart drawn on the server from the same spec as the page (for reports)."""
    organisation = _public_organisation(request, org_slug)
    wanted = footprint_year_get(organisation=organisation, label=year)
    summary = footprint_summary(organisation=organisation, reporting_year=wanted)
    return HttpResponse(spec_to_svg(category_chart_spec(summary)), content_type="image/svg+xml")


@login_required
def activity_import_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Add activity data by file or one figure, and list or undo imports (managers only).

    A refused import answers 400 (413 for a file over the size limit) with the reasons.
    """
    organisation = footprint_organisation_get(slug=org_slug)
    if not request.user.has_perm(Permission.MANAGE_PLAN, organisation):
        raise PermissionDenied
    boundary = default_boundary(organisation)
    page = {
        "file_form": ActivityFileForm(prefix="file"),
        "row_form": ActivityRowForm(prefix="row", initial={"boundary": boundary}),
        "undo_form": ImportUndoForm(prefix="undo"),
        "errors": [],
        "duplicate": None,
        **_factor_search(request, organisation, boundary),
    }
    status = 200
    if request.method == "POST":
        refusal = upload_refusal(request)
        # Each form names itself (form=file | row | undo, on its button and in a hidden field),
        # so only the form that was sent is checked: an empty file upload never shows the
        # one-figure form's "This field is required" errors.
        sent = request.POST.get("form", "")
        if sent == "undo" or "undo-batch" in request.POST:
            outcome = _undo(request, organisation, page)
        elif sent == "file" or refusal or "file-file" in request.FILES:
            outcome = _file(request, organisation, page, refusal)
        else:  # form=row, or a post that names no form
            outcome = _one_figure(request, organisation, page)
        if isinstance(outcome, HttpResponse):
            return outcome
        status = outcome
    errors, more_errors = errors_shown(page["errors"])
    return render(
        request,
        "footprints/activity_import.html",
        {
            **page,
            "organisation": organisation,
            "errors": errors,
            "more_errors": more_errors,
            "batches": import_batch_rows(import_batches(organisation=organisation)),
            "undo_batch": page["undo_form"].data.get("undo-batch", ""),
            "activities": activity_names(),
            "default_boundary": Boundary(boundary).label,
        },
        status=status,
    )


def _factor_search(request, organisation, boundary: str) -> dict:
    """The "Find a conversion factor" GET form, its results, and the row chosen from them
    ("use"), which the one-figure form then names instead of an activity."""
    wanted = {k: request.GET[k] for k in ("find-year", "find-q") if k in request.GET}
    find_form = FactorFindForm(wanted or None, prefix="find")
    page = {"find_form": find_form, "found": None, "found_message": "", "chosen": None}
    page["find_query"] = urlencode(wanted)
    if wanted and find_form.is_valid():
        year = find_form.cleaned_data["year"]
        found = factors_find(
            organisation=organisation, reporting_year=year, query=find_form.cleaned_data["q"]
        )
        page["found"] = [factor_row(f) for f in found.rows]
        if found.loaded:
            page["found_message"] = factors_found_message(
                shown=len(found.rows),
                matched=found.matched,
                counted=FACTORS_COUNTED,
                set_year=found.set_year,
                reporting_year=year,
            )
        else:
            page["unavailable"] = factors_unavailable_message(
                reporting_year=year, set_year=found.set_year
            )
    use = request.GET.get("use", "")
    if use.isdigit():
        chosen = factor_chosen(pk=int(use))
        page["chosen"] = factor_row(chosen)
        initial = {"boundary": boundary, "factor": chosen.pk, "unit": chosen.unit}
        if find_form.is_bound and find_form.is_valid():
            initial["reporting_year"] = financial_year_label(find_form.cleaned_data["year"])
        page["row_form"] = ActivityRowForm(prefix="row", initial=initial)
    return page


@login_required
@require_safe
def factor_choices_json(request: HttpRequest, org_slug: str) -> JsonResponse:
    """The factor search as you type (the activity page's autocomplete, managers only): up to
    FACTOR_CHOICES rows of the year's set, each with its label and the address the page's "Use
    this factor" link has for it, so a choice fills the one-figure form as it does without
    JavaScript. A bad year or no words: 400 with the form's messages."""
    organisation = _managed(request, org_slug)
    form = FactorFindForm({k: request.GET.get(k, "") for k in ("year", "q")})
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return JsonResponse({"results": [], "errors": errors}, status=400)
    year = form.cleaned_data["year"]
    found = factors_find(
        organisation=organisation,
        reporting_year=year,
        query=form.cleaned_data["q"],
        shown=FACTOR_CHOICES,
    )
    page = reverse("footprints:activity_import", kwargs={"org_slug": organisation.slug})
    query = {"find-year": financial_year_label(year), "find-q": form.cleaned_data["q"]}
    results = []
    for factor in found.rows:
        row = factor_row(factor)
        use = urlencode({**query, "use": row.pk})
        results.append(
            {"label": factor_choice_label(row), "pk": row.pk, "url": f"{page}?{use}#one-figure"}
        )
    return JsonResponse(
        {
            "set_year": found.set_year,
            "matched": found.matched,
            "results": results,
            "message": ""
            if found.loaded
            else factors_unavailable_message(reporting_year=year, set_year=found.set_year),
        }
    )


def _file(request, organisation, page, refusal: str) -> HttpResponse | int:
    form = ActivityFileForm(request.POST, request.FILES, prefix="file")
    page["file_form"] = form
    if refusal:
        form.is_valid()
        form.errors["file"] = form.error_class([refusal])
        return 413
    if not form.is_valid():
        return 400
    upload = form.cleaned_data["file"]
    try:
        batch = import_file_apply(
            organisation=organisation,
            file_name=upload.name,
            content=upload.read(),
            channel=ImportBatch.Channel.FILE_UPLOAD,
            user=request.user,
            replace_same_file=form.cleaned_data["replace"],
        )
    except ActivityImportRefused as exc:
        page["errors"] = exc.result.errors
        page["duplicate"] = getattr(exc, "batch", None)
        return 400
    return _saved(request, organisation, batch, import_batch_replaced(batch=batch))


def _one_figure(request, organisation, page) -> HttpResponse | int:
    form = ActivityRowForm(request.POST, prefix="row")
    page["row_form"] = form
    factor_pk = form.data.get("row-factor", "")
    chosen = factor_chosen(pk=int(factor_pk)) if factor_pk.isdigit() else None
    if chosen is not None:
        page["chosen"] = factor_row(chosen)
    if not form.is_valid():
        return 200
    data = {k: str(v) for k, v in form.cleaned_data.items() if k not in ("factor", "activity")}
    if chosen is not None:  # the row as a file names it: its published ID, or levels and unit
        data.update(factor_row_columns(chosen))
    else:
        data["activity"] = form.cleaned_data["activity"]
    try:
        batch = import_batch_apply(
            organisation=organisation,
            header=list(data),
            rows=[(1, data)],
            channel=ImportBatch.Channel.ONE_FIGURE,
            source="Entered on the activity page",
            user=request.user,
        )
    except ActivityImportRefused as exc:
        page["errors"] = exc.result.errors
        return 400
    return _saved(request, organisation, batch, None)


def _undo(request, organisation, page) -> HttpResponse | int:
    form = ImportUndoForm(request.POST, prefix="undo")
    page["undo_form"] = form
    if not form.is_valid():
        return 400
    batch = import_batch_get(organisation=organisation, pk=form.cleaned_data["batch"])
    try:
        import_batch_undo(batch=batch, reason=form.cleaned_data["reason"], user=request.user)
    except ValidationError as exc:
        page["errors"] = exc.messages
        return 400
    messages.success(request, import_undone_message(batch=batch))
    return redirect("footprints:activity_import", org_slug=organisation.slug)


def _saved(request, organisation, batch, replaced) -> HttpResponse:
    messages.success(
        request,
        import_saved_message(organisation=organisation, batch=batch, replaced=replaced),
    )
    return redirect("footprints:latest", org_slug=organisation.slug)


# --- Reported figures, stated totals and targets, kept by the organisation's managers -------


@dataclass(frozen=True)
class _Kind:
    """One kind of record the figures pages keep, and the services that write it."""

    what: str  # "Reported figure"
    form: type
    get: Callable
    record: Callable
    update: Callable
    delete: Callable
    arg: str  # the record's keyword in update and delete
    part_field: str = ""  # the form's choice of a stated total, if any


KINDS = {
    "reported": _Kind(
        "Reported figure",
        ReportedFigureForm,
        reported_entry_get,
        entry_report,
        entry_reported_update,
        entry_delete,
        "entry",
        "itemises",
    ),
    "total": _Kind(
        "Stated total",
        StatedTotalForm,
        stated_total_get,
        stated_total_record,
        stated_total_update,
        stated_total_delete,
        "total",
        "parent",
    ),
    "target": _Kind(
        "Target", TargetForm, target_get, target_record, target_update, target_delete, "target"
    ),
}


def _managed(request: HttpRequest, org_slug: str):
    organisation = footprint_organisation_get(slug=org_slug)
    if not request.user.has_perm(Permission.MANAGE_PLAN, organisation):
        raise PermissionDenied
    return organisation


def _kind(kind: str) -> _Kind:
    if kind not in KINDS:
        raise NotFound("No such kind of figure.")
    return KINDS[kind]


@login_required
@require_safe
def figures_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The organisation's reported figures, stated totals, targets and factor set choices, each
    with links to change it (managers only)."""
    organisation = _managed(request, org_slug)
    return render(
        request,
        "footprints/figures.html",
        {
            "organisation": organisation,
            **_figures_page(organisation),
            "set_year_form": SetYearChoiceForm(factor_sets=factor_set_options()),
        },
    )


def _figures_page(organisation) -> dict:
    return {
        "years": figures_by_year(organisation=organisation),
        "targets": target_rows(footprint_targets(organisation=organisation)),
        "set_year_choices": set_year_choice_rows(set_year_choices(organisation=organisation)),
        "set_year_history": set_year_history_rows(
            set_year_choice_history(organisation=organisation)
        ),
    }


def _initial(kind: str, record) -> dict:
    if record is None:
        return {}
    part = KINDS[kind].part_field
    given = {
        "reported": REPORTED_FIGURE_FIELDS,
        "total": STATED_TOTAL_FIELDS,
        "target": TARGET_FIELDS,
    }[kind]
    fields = [name for name in given if name != part]  # the part is chosen by its id
    initial = {name: getattr(record, name) for name in fields}
    for name in ("tco2e", "baseline_tco2e", "reduction_percent"):
        if initial.get(name) is not None:
            initial[name] = factor_value_text(initial[name])
    if part:
        initial[part] = getattr(record, f"{part}_id")
    return initial


def _service_arguments(kind: str, organisation, data: dict) -> dict:
    arguments = dict(data)
    part = KINDS[kind].part_field
    if part:
        arguments[part] = stated_total_by_pk(organisation=organisation, pk=data.get(part))
    if kind == "target":
        arguments["baseline_tco2e"] = data["baseline_tco2e"] or None
    return arguments


@login_required
def figure_edit_view(
    request: HttpRequest, org_slug: str, kind: str, pk: int | None = None
) -> HttpResponse:
    """Add (no ``pk``) or correct one record; its history below the form."""
    organisation = _managed(request, org_slug)
    spec = _kind(kind)
    record = spec.get(organisation=organisation, pk=pk) if pk is not None else None
    options = {}
    if spec.part_field:
        options["totals"] = stated_total_choices(
            organisation=organisation, leave_out=record if kind == "total" else None
        )
    initial = _initial(kind, record) or (
        {"boundary": default_boundary(organisation)} if kind != "target" else {}
    )
    form = spec.form(request.POST or None, initial=initial, **options)
    if request.method == "POST" and form.is_valid():
        arguments = _service_arguments(kind, organisation, form.cleaned_data)
        try:
            if record is None:
                saved = spec.record(organisation=organisation, user=request.user, **arguments)
            else:
                saved = spec.update(user=request.user, **{spec.arg: record}, **arguments)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                figure_saved_message(
                    what=spec.what,
                    year=getattr(saved, "reporting_year", None),
                    verb="added" if record is None else "saved",
                ),
            )
            return redirect("footprints:figures", org_slug=organisation.slug)
    history = record_history(record=record) if record is not None else []
    return render(
        request,
        "footprints/figure_form.html",
        {
            "organisation": organisation,
            "form": form,
            "kind": kind,
            "what": spec.what,
            "record": record,
            "is_calculated": getattr(record, "method", "") == "calculated",
            "history": history_rows(history, shown=HISTORY_SHOWN),
        },
    )


@login_required
def figure_delete_view(request: HttpRequest, org_slug: str, kind: str, pk: int) -> HttpResponse:
    """Asks before deleting one record; deletes it on POST (its history kept)."""
    organisation = _managed(request, org_slug)
    spec = _kind(kind)
    record = spec.get(organisation=organisation, pk=pk)
    refusal: list[str] = []
    if request.method == "POST":
        try:
            spec.delete(user=request.user, **{spec.arg: record})
        except ValidationError as exc:
            refusal = exc.messages
        else:
            messages.success(
                request,
                figure_saved_message(
                    what=spec.what, year=getattr(record, "reporting_year", None), verb="deleted"
                ),
            )
            return redirect("footprints:figures", org_slug=organisation.slug)
    return render(
        request,
        "footprints/figure_delete.html",
        {
            "organisation": organisation,
            "record": record,
            "kind": kind,
            "what": spec.what,
            "refusal": refusal,
        },
        status=400 if refusal else 200,
    )


@login_required
@require_POST
def factor_set_choose_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Records which year's conversion factors a reporting year uses, or ("Use the default set",
    form=clear) goes back to the year's own set (the figures page's forms)."""
    organisation = _managed(request, org_slug)
    if request.POST.get("form") == "clear":
        return _factor_set_clear(request, organisation)
    form = SetYearChoiceForm(request.POST, factor_sets=factor_set_options())
    if form.is_valid():
        try:
            factor_services.set_year_choose(
                organisation=organisation,
                reporting_year=form.cleaned_data["reporting_year"],
                set_year=form.cleaned_data["set_year"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{financial_year_label(form.cleaned_data['reporting_year'])} figures now use "
                f"the {form.cleaned_data['set_year']} conversion factors.",
            )
            return redirect("footprints:figures", org_slug=organisation.slug)
    return render(
        request,
        "footprints/figures.html",
        {
            "organisation": organisation,
            **_figures_page(organisation),
            "set_year_form": form,
        },
    )


def _factor_set_clear(request: HttpRequest, organisation) -> HttpResponse:
    form = SetYearClearForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["reporting_year"]
        try:
            factor_services.set_year_clear(
                organisation=organisation, reporting_year=year, user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{financial_year_label(year)} figures now use the default conversion factors "
                f"(the {set_year_for_reporting_year(year)} set).",
            )
            return redirect("footprints:figures", org_slug=organisation.slug)
    return render(
        request,
        "footprints/figures.html",
        {
            "organisation": organisation,
            **_figures_page(organisation),
            "set_year_form": SetYearChoiceForm(factor_sets=factor_set_options()),
            "clear_form": form,
        },
        status=400,
    )
