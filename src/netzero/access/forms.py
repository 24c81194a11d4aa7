"""The people pages' forms: what is typed is checked here, the rules in ``access.services``."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from netzero.access.models import Membership
from netzero.access.presenters import action_label, theme_label
from netzero.plans.models import Action, DeliveryTheme

ROLE_HINTS = {
    Membership.Role.ADMINISTRATOR: "Everything, including the organisation's people.",
    Membership.Role.PROGRAMME_MANAGER: "Sets up plans; opens, approves and publishes quarters.",
    Membership.Role.THEME_LEAD: "Updates the actions of the delivery themes they lead.",
    Membership.Role.CONTRIBUTOR: "Writes and submits the updates of the actions they are named on.",
    Membership.Role.VIEWER: "Reads everything of the organisation, drafts included.",
}
ROLE_HINT = (
    "Administrator: everything, including the organisation's people. Programme manager: sets "
    "up plans, opens, approves and publishes quarters. Theme lead: updates the actions of the "
    "delivery themes they lead. Contributor: writes and submits the updates of the actions "
    "they are named on. Viewer: reads everything, drafts included."
)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=150,
        help_text="They sign in with it. The invitation is sent to it.",
        error_messages={
            "required": "Enter their email address.",
            "invalid": "Enter an email address in the correct format, like name@example.org.",
        },
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name."}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name."}
    )
    role = forms.ChoiceField(
        label="Role",
        # No role chosen until one is: an administrator is never made by default.
        choices=[("", "Choose a role"), *Membership.Role.choices],
        help_text=ROLE_HINT,
        error_messages={"required": "Choose a role."},
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        max_length=200,
        required=False,
        help_text='As published, such as "Climate Change Manager".',
    )


class PersonForm(forms.Form):
    """A person's role, job title, whether their name is published, and (for theme leads and
    contributors) what they lead or contribute to, from the organisation's own plans only."""

    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        help_text=ROLE_HINT,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role."},
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        max_length=200,
        required=False,
        help_text='As published, such as "Climate Change Manager".',
    )
    name_published = forms.BooleanField(
        label="Publish their name",
        required=False,
        help_text="Public pages show their full name beside their job title; otherwise only the "
        "job title or role.",
    )

    def __init__(self, *args, themes, actions, several_plans: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery_themes"] = forms.ModelMultipleChoiceField(
            queryset=DeliveryTheme.objects.filter(pk__in=[t.pk for t in themes]).select_related(
                "plan"
            ),
            required=False,
            label="Delivery themes they lead (theme leads only)",
            widget=forms.CheckboxSelectMultiple,
        )
        # In the plans' order, labelled with the plan when there are several.
        self.fields["delivery_themes"].choices = [
            (t.pk, theme_label(t, with_plan=several_plans)) for t in themes
        ]
        self.fields["actions"] = forms.ModelMultipleChoiceField(
            queryset=Action.objects.filter(pk__in=[a.pk for a in actions]).select_related("plan"),
            required=False,
            label="Actions they write updates for (contributors only)",
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["actions"].choices = [
            (a.pk, action_label(a, with_plan=several_plans)) for a in actions
        ]


class InvitationForm(SetPasswordForm):
    """Choosing a password from an invitation (Django's password validators), and the person's
    name when the invitation did not give it."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password2"].label = "Type the password again"
        # No user: the link is not valid (a tampered or unknown id); the page says so.
        self.needs_name = user is not None and not (user.first_name and user.last_name)
        if self.needs_name:
            self.fields = {
                "first_name": forms.CharField(
                    label="First name",
                    max_length=150,
                    error_messages={"required": "Enter your first name."},
                ),
                "last_name": forms.CharField(
                    label="Last name",
                    max_length=150,
                    error_messages={"required": "Enter your last name."},
                ),
                **self.fields,
            }

    def save(self, commit=True):
        if self.needs_name:
            self.user.first_name = self.cleaned_data["first_name"].strip()
            self.user.last_name = self.cleaned_data["last_name"].strip()
        return super().save(commit=commit)


class SignInForm(AuthenticationForm):
    """Django's sign-in form; an email address (how invited people sign in) is matched whatever
    its capitals, since invitations keep it in lower case."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct email address (or username) and password. The "
        "password must be typed exactly, with its capitals.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address or username"

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username", "")
        return username.strip().lower() if "@" in username else username
