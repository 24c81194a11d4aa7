"""What every path that saves a membership (pages, admin, shell, demo) goes through.

- A membership names only delivery themes and actions of its organisation's plans: checked
  against the database before they are added, from either side of the relation.
- A person's admin rights follow their roles (``services.role_rights_sync``) whenever one of
  their memberships is saved or deleted.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from netzero.access.models import Membership
from netzero.access.services import role_rights_sync
from netzero.core.exceptions import Refused
from netzero.plans.models import Action, DeliveryTheme

_FIELDS = {
    Membership.delivery_themes.through: (
        DeliveryTheme,
        "delivery_themes",
        "Choose delivery themes of this organisation's plans.",
    ),
    Membership.actions.through: (
        Action,
        "actions",
        "Choose actions of this organisation's plans.",
    ),
}


def _refuse_other_organisations(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    target, field, message = _FIELDS[sender]
    if reverse:  # theme.lead_memberships.add(membership): instance is the theme or action
        organisation_id = (
            target.objects.filter(pk=instance.pk).values_list("plan__organisation_id", flat=True)
        ).first()
        mixed = Membership.objects.filter(pk__in=pk_set).exclude(organisation_id=organisation_id)
    else:
        organisation_id = (
            Membership.objects.filter(pk=instance.pk).values_list("organisation_id", flat=True)
        ).first()
        mixed = target.objects.filter(pk__in=pk_set).exclude(plan__organisation_id=organisation_id)
    if mixed.exists():
        raise Refused({field: message}, code="other_organisation")


for _through in _FIELDS:
    m2m_changed.connect(
        _refuse_other_organisations, sender=_through, dispatch_uid=f"access-scope-{_through}"
    )


@receiver(post_save, sender=Membership, dispatch_uid="access-rights-on-save")
def _rights_on_save(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    if raw:  # loading a backup: the users' rights come with it
        return
    role_rights_sync(person=instance.user)


@receiver(post_delete, sender=Membership, dispatch_uid="access-rights-on-delete")
def _rights_on_delete(sender, instance: Membership, origin=None, **kwargs) -> None:
    user_model = get_user_model()
    deleting = getattr(origin, "model", type(origin))
    if deleting is user_model:  # the person is being deleted with their memberships
        return
    person = user_model.objects.filter(pk=instance.user_id).first()
    if person is not None:
        role_rights_sync(person=person)
