from django.db import migrations

from netzero.core.narrative import sanitise_narrative


def sanitise_progress(apps, schema_editor):
    """Every stored summary of progress sanitised by today's rules where it was stored otherwise
    (written raw, as ``loaddata`` writes): the dashboard prints it as stored, and it printed it
    sanitised on each read before, so what is shown does not change. Updates saved through the
    model are sanitised when saved (``NarrativeField``) and are left as they are."""
    ActionUpdate = apps.get_model("reporting", "ActionUpdate")
    changed = []
    for row in ActionUpdate.objects.only("pk", "progress").iterator(chunk_size=2000):
        clean = sanitise_narrative(row.progress)
        if clean != row.progress:
            row.progress = clean
            changed.append(row)
    ActionUpdate.objects.bulk_update(changed, ["progress"], batch_size=500)
    # A published dashboard's rows hold the narratives as they were stored when it was
    # published; the same applies to them (its figures and every word shown stay as they were).
    ReportingPeriod = apps.get_model("reporting", "ReportingPeriod")
    for period in ReportingPeriod.objects.exclude(snapshot=None).only("pk", "snapshot"):
        rows = (period.snapshot or {}).get("rows") or []
        dirty = False
        for row in rows:
            for name in ("text", "progress"):
                clean = sanitise_narrative(row.get(name))
                if clean != (row.get(name) or ""):
                    row[name] = clean
                    dirty = True
        if dirty:
            ReportingPeriod.objects.filter(pk=period.pk).update(snapshot=period.snapshot)


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0006_period_presented'),
    ]

    operations = [
        migrations.RunPython(sanitise_progress, migrations.RunPython.noop),
    ]
