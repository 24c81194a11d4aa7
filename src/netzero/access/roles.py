"""The Django groups that carry each role's admin rights (data entry), declared once.

A person who is an administrator or programme manager of any organisation is "staff" and in
that role's group (``access.services.role_rights_sync``); the admin still shows them only their
own organisations' records (``access.admin``). The groups are created by the migration
``access/0003_role_groups`` with exactly these permissions, so a fresh database works like the
demo; a change here needs a migration that updates them.
"""

from __future__ import annotations

from netzero.access.models import Membership

Role = Membership.Role

_DATA_ENTRY_MODELS = {
    "plans": ("plan", "theme", "deliverytheme", "action"),
    "reporting": ("reportingperiod", "actionupdate"),
    "classifications": ("classificationscheme", "category", "actioncategory", "reportedcount"),
    "indicators": ("indicator", "indicatorgoal", "indicatorvalue"),
    "footprints": ("footprintentry", "statedtotal", "target"),
    "factors": ("setyearchoice",),
}
_VERBS = ("view", "add", "change", "delete")

# (app label, codename) of every permission the admin's data entry needs.
DATA_ENTRY_PERMISSIONS: tuple[tuple[str, str], ...] = (
    *(
        (app, f"{verb}_{model}")
        for app, models in _DATA_ENTRY_MODELS.items()
        for model in models
        for verb in _VERBS
    ),
    ("footprints", "view_importbatch"),
    ("organisations", "view_organisation"),
    ("access", "view_membership"),
    ("workflow", "view_periodevent"),
    ("reporting", "view_actionstatechange"),
    ("reporting", "add_actionstatechange"),
    ("reporting", "view_plannote"),
)

ADMINISTRATORS = "Administrators"
PROGRAMME_MANAGERS = "Programme managers"

# Group name: its permissions. Administrators also manage their organisation's memberships.
ROLE_GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    ADMINISTRATORS: (
        *DATA_ENTRY_PERMISSIONS,
        ("access", "add_membership"),
        ("access", "change_membership"),
        ("access", "delete_membership"),
    ),
    PROGRAMME_MANAGERS: DATA_ENTRY_PERMISSIONS,
}

# The role whose people are in each group.
GROUP_ROLES: dict[str, str] = {
    ADMINISTRATORS: Role.ADMINISTRATOR,
    PROGRAMME_MANAGERS: Role.PROGRAMME_MANAGER,
}
STAFF_ROLES = frozenset(GROUP_ROLES.values())
