"""The organisation's people pages (its administrator only) and the invitation page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST, require_safe

from netzero.access import selectors, services
from netzero.access.forms import ROLE_HINTS, InvitationForm, InviteForm, PersonForm
from netzero.access.presenters import INVITED, person_rows
from netzero.core.forms import add_service_errors
from netzero.core.permissions import Permission
from netzero.core.users import full_name
from netzero.organisations.models import Organisation
from netzero.organisations.selectors import organisation_get


def _administered(request: HttpRequest, org_slug: str) -> Organisation:
    organisation = organisation_get(slug=org_slug)
    if not request.user.has_perm(Permission.MANAGE_PEOPLE, organisation):
        raise PermissionDenied("Only the organisation's administrator manages its people.")
    return organisation


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_safe
@login_required
def people_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Everyone with a role in the organisation, with links to change, remove or re-invite."""
    organisation = _administered(request, org_slug)
    several = len(selectors.organisation_plans(organisation=organisation)) > 1
    rows = person_rows(selectors.people_list(organisation=organisation), several_plans=several)
    return render(
        request,
        "access/people.html",
        {"organisation": organisation, "rows": rows, "invited": INVITED},
    )


@login_required
def person_invite_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _administered(request, org_slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_invite(
                user=request.user,
                organisation=organisation,
                site_url=_site_url(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            person = membership.user
            if person.has_usable_password():
                text = f"{full_name(person)} has been added as {membership.get_role_display()}."
            else:
                text = f"An invitation has been sent to {person.email}."
            messages.success(request, text)
            return redirect("access:people", org_slug=organisation.slug)
    return render(
        request, "access/person_invite.html", {"organisation": organisation, "form": form}
    )


@login_required
def person_view(request: HttpRequest, org_slug: str, membership_id: int) -> HttpResponse:
    """Change someone's role, job title, published name and what they lead or contribute to."""
    organisation = _administered(request, org_slug)
    membership = selectors.membership_get(organisation=organisation, pk=membership_id)
    several = len(selectors.organisation_plans(organisation=organisation)) > 1
    initial = {
        "role": membership.role,
        "job_title": membership.job_title,
        "name_published": membership.name_published,
        "delivery_themes": [t.pk for t in membership.delivery_themes.all()],
        "actions": [a.pk for a in membership.actions.all()],
    }
    form = PersonForm(
        request.POST or None,
        initial=initial,
        themes=selectors.delivery_theme_choices(organisation=organisation),
        actions=selectors.action_choices(organisation=organisation),
        several_plans=several,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                user=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{full_name(membership.user)}'s role has been saved.")
            return redirect("access:people", org_slug=organisation.slug)
    return render(
        request,
        "access/person.html",
        {
            "organisation": organisation,
            "membership": membership,
            "name": full_name(membership.user),
            "form": form,
            "role_options": [(radio, ROLE_HINTS[radio.data["value"]]) for radio in form["role"]],
        },
    )


@login_required
def person_remove_view(request: HttpRequest, org_slug: str, membership_id: int) -> HttpResponse:
    """Asks before taking someone's role away; takes it on POST."""
    organisation = _administered(request, org_slug)
    membership = selectors.membership_get(organisation=organisation, pk=membership_id)
    name = full_name(membership.user)
    refusal: list[str] = []
    if request.method == "POST":
        try:
            services.membership_remove(user=request.user, membership=membership)
        except ValidationError as exc:
            refusal = exc.messages
        else:
            messages.success(request, f"{name} has been removed from {organisation.name}.")
            return redirect("access:people", org_slug=organisation.slug)
    return render(
        request,
        "access/person_remove.html",
        {"organisation": organisation, "membership": membership, "name": name, "refusal": refusal},
        status=400 if refusal else 200,
    )


@require_POST
@login_required
def person_reinvite_view(request: HttpRequest, org_slug: str, membership_id: int) -> HttpResponse:
    """Sends a new invitation link (the earlier ones stop working)."""
    organisation = _administered(request, org_slug)
    membership = selectors.membership_get(organisation=organisation, pk=membership_id)
    try:
        services.membership_reinvite(
            user=request.user, membership=membership, site_url=_site_url(request)
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"A new invitation has been sent to {membership.user.email}.")
    return redirect("access:people", org_slug=organisation.slug)


class InvitationView(auth_views.PasswordResetConfirmView):
    """The invited person chooses their password (and their name, when the invitation did not
    give it), then is signed in and sent to the home page. The link works once and for
    PASSWORD_RESET_TIMEOUT; otherwise the page says to ask for a new invitation."""

    form_class = InvitationForm
    token_generator = services.invitation_tokens
    template_name = "access/invitation.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("web:home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lifetime"] = services.invitation_lifetime()
        context["password_rules"] = password_validators_help_texts()
        if self.validlink:
            context["memberships"] = selectors.person_memberships(person=self.user)
            context["username"] = self.user.get_username()
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been set and you are signed in.")
        return response


invitation_view = InvitationView.as_view()


class _Lifetime:
    """Tells the page how long a link works and which passwords are accepted."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lifetime"] = services.invitation_lifetime()
        context["password_rules"] = password_validators_help_texts()
        return context


class PasswordResetView(_Lifetime, auth_views.PasswordResetView):
    """ "Forgotten your password?": a link by email to someone who has set one (Django's)."""

    template_name = "access/password_reset_form.html"
    email_template_name = "access/password_reset_email.txt"
    subject_template_name = "access/password_reset_subject.txt"

    @property
    def extra_email_context(self):
        return {"lifetime": services.invitation_lifetime()}


class PasswordResetDoneView(_Lifetime, auth_views.PasswordResetDoneView):
    template_name = "access/password_reset_done.html"


class PasswordResetConfirmView(_Lifetime, auth_views.PasswordResetConfirmView):
    template_name = "access/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "access/password_reset_complete.html"
