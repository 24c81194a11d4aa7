"""The roles' groups and their permissions, so a fresh database works like the demo.

Django creates permissions after ``migrate`` (post_migrate), so in a fresh database they do not
exist yet here: they are created first, for every app, with this migration's models. The groups'
permissions are written out below as they were declared when this migration was made
(``netzero.access.roles``); a later change to the declaration needs a new migration.
"""

from django.conf import settings
from django.db import migrations

ROLES = {"Administrators": "administrator", "Programme managers": "programme_manager"}

_DATA_ENTRY_MODELS = {
    "plans": ("plan", "theme", "deliverytheme", "action"),
    "reporting": ("reportingperiod", "actionupdate"),
    "classifications": ("classificationscheme", "category", "actioncategory", "reportedcount"),
    "indicators": ("indicator", "indicatorgoal", "indicatorvalue"),
    "footprints": ("footprintentry", "statedtotal", "target"),
    "factors": ("setyearchoice",),
}
DATA_ENTRY = [
    (app, f"{verb}_{model}")
    for app, models in _DATA_ENTRY_MODELS.items()
    for model in models
    for verb in ("view", "add", "change", "delete")
] + [
    ("footprints", "view_importbatch"),
    ("organisations", "view_organisation"),
    ("access", "view_membership"),
    ("workflow", "view_periodevent"),
    ("reporting", "view_actionstatechange"),
    ("reporting", "add_actionstatechange"),
    ("reporting", "view_plannote"),
]
PERMISSIONS = {
    "Administrators": DATA_ENTRY
    + [
        ("access", "add_membership"),
        ("access", "change_membership"),
        ("access", "delete_membership"),
    ],
    "Programme managers": DATA_ENTRY,
}


def create_role_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # The migration's app configs carry no models module; create_permissions needs one.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        found = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(found)
    grant_existing(apps)


def grant_existing(apps):
    """An existing database's administrators and programme managers get their role's group and
    staff status (what ``access.services.role_rights_sync`` keeps up from now on)."""
    Group = apps.get_model("auth", "Group")
    Membership = apps.get_model("access", "Membership")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for name, role in ROLES.items():
        people = set(Membership.objects.filter(role=role).values_list("user_id", flat=True))
        if people:
            Group.objects.get(name=name).user_set.add(*people)
            User.objects.filter(pk__in=people).update(is_staff=True)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_published_names"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisations", "0006_area_codes_public_demo"),
        ("plans", "0007_action_ref_sort"),
        ("reporting", "0006_period_presented"),
        ("classifications", "0001_initial"),
        ("indicators", "0001_initial"),
        ("footprints", "0007_reader_names"),
        ("factors", "0004_factorset_origin"),
        ("workflow", "0003_period_event_presented"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
