from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from netzero.classifications.selectors import action_classifications
from netzero.core.commands import AppCommand
from netzero.core.exceptions import ImportRefused
from netzero.core.users import user_get
from netzero.organisations.selectors import organisation_get
from netzero.plans.outline import outline_as_dict, outline_as_text
from netzero.plans.selectors import plan_get, plan_outline
from netzero.reporting.selectors import action_standings, period_latest
from netzero.spreadsheets.export import plan_workbook
from netzero.spreadsheets.services import plan_import_apply, plan_import_preview


class Command(AppCommand):
    help = (
        "Show a plan: its themes (visions and objectives, with benefits and risks) and every "
        "action's timescale, role, delivering organisations, classifications, state and whether "
        "it is overdue as of the plan's latest period, and the roles still to fill. Export a "
        "plan to a spreadsheet (XLSX) and import one (previewed unless --apply)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        show = sub.add_parser("show", help="Print the plan's outline as text or JSON.")
        show.add_argument("--plan", required=True, help="The plan's slug.")
        show.add_argument("--format", choices=["text", "json"], default="text")
        export = sub.add_parser(
            "export", help="Write the plan, with all its periods, to a spreadsheet (XLSX)."
        )
        export.add_argument("--plan", required=True, help="The plan's slug.")
        export.add_argument("--output", required=True, help="The file to write (.xlsx).")
        imp = sub.add_parser(
            "import",
            help="Read a plan's spreadsheet: say what it would create, change and leave alone, "
            "and every problem; with --apply, import it all or nothing.",
        )
        imp.add_argument("file", help="The spreadsheet (.xlsx) in the plan spreadsheet layout.")
        imp.add_argument("--org", required=True, help="The organisation's slug.")
        imp.add_argument(
            "--plan", help="The plan's slug (default: the file's, or a new plan it names)."
        )
        imp.add_argument("--apply", action="store_true", help="Import it (default: preview).")
        imp.add_argument(
            "--user",
            help="Record it as this programme manager's (needed for actions' changes).",
        )

    def handle(self, *args, verb: str, **options):
        if verb == "export":
            return self.export(options["plan"], options["output"])
        if verb == "import":
            return self.import_(options)
        return self.show(options["plan"], options["format"])

    def export(self, slug: str, output: str) -> None:
        plan_obj = plan_get(slug=slug)
        content = plan_workbook(plan=plan_obj)
        Path(output).write_bytes(content)
        self.stdout.write(f"Wrote {plan_obj.name} to {output} ({len(content):,} bytes).")

    def import_(self, options) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path} cannot be read: {exc.strerror}.") from exc
        organisation = organisation_get(slug=options["org"])
        plan_obj = plan_get(slug=options["plan"]) if options.get("plan") else None
        user = user_get(username=options["user"]) if options.get("user") else None
        kwargs = dict(
            organisation=organisation,
            plan=plan_obj,
            file_name=path.name,
            content=content,
            user=user,
        )
        preview = plan_import_preview(**kwargs)
        for sheet, counts in preview.counts.items():
            self.stdout.write(
                f"{sheet}: {counts['create']} to create, {counts['change']} to change, "
                f"{counts['same']} left alone"
            )
        for item in preview.of("change"):
            self.stdout.write(
                f"  {item.sheet}: {item.label} changes ({', '.join(item.differences)})"
            )
        if preview.not_in_file:
            self.stdout.write(
                "Not in the file, left as they are: "
                + "; ".join(f"{i.sheet}: {i.label}" for i in preview.not_in_file)
            )
        for warning in preview.warnings:
            self.stdout.write(f"Warning: {warning}")
        for note in preview.notes:
            self.stdout.write(note)
        if preview.problems:
            raise ImportRefused(preview.problems)
        if not options["apply"]:
            self.stdout.write("Nothing saved: this was a preview. Add --apply to import it.")
            return
        record = plan_import_apply(**kwargs)
        self.stdout.write(f"Imported into {record.plan.name} ({record.plan.slug}).")

    def show(self, plan: str, format: str) -> None:
        plan_obj = plan_get(slug=plan)
        outline = plan_outline(plan=plan_obj)
        if format == "text":
            self.stdout.write(outline_as_text(outline), ending="")
            return
        data = outline_as_dict(outline)
        period = period_latest(plan=plan_obj)
        standings = action_standings(plan=plan_obj, period=period) if period else {}
        classified = action_classifications(plan=plan_obj)
        data["as_of"] = period.name if period else None
        for item, row in zip(outline.actions(), data["actions"], strict=True):
            standing = standings.get(item.action.pk)
            row["classifications"] = classified.get(item.action.pk, [])
            row["state"] = standing.state if standing else "current"
            row["overdue"] = standing.overdue if standing else None
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
