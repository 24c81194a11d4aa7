from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from netzero.core.commands import AppCommand
from netzero.core.exceptions import ImportRefused
from netzero.core.uploads import megabytes
from netzero.core.users import user_get
from netzero.footprints.imports import upload_limit
from netzero.footprints.models import ImportBatch
from netzero.footprints.selectors import import_batch_get, import_batches
from netzero.footprints.services import command_line_who, import_batch_undo, import_file_apply
from netzero.organisations.models import Organisation
from netzero.organisations.selectors import organisation_get


class Command(AppCommand):
    help = (
        "Activity data: netzero activity import FILE --org SLUG [--replace ID] [--user NAME] "
        "(CSV or XLSX; all or nothing); netzero activity batches --org SLUG; "
        'netzero activity undo ID --reason "..." [--user NAME].'
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Check a file and save all its figures, or none.")
        load.add_argument("file")
        load.add_argument("--org", required=True, help="The organisation's slug.")
        load.add_argument(
            "--replace", type=int, help="The import this file replaces (undone in the same step)."
        )
        load.add_argument("--user", help="The person the import is recorded for (a manager).")
        batches = sub.add_parser("batches", help="The organisation's imports, newest first.")
        batches.add_argument("--org", required=True, help="The organisation's slug.")
        undo = sub.add_parser("undo", help="Undo an import: its figures are removed.")
        undo.add_argument("batch", type=int)
        undo.add_argument("--reason", required=True, help="Why (kept with the import).")
        undo.add_argument("--user", help="The person the undo is recorded for (a manager).")

    def handle(self, *args, action: str, **options):
        if action == "import":
            self._import(options)
        elif action == "batches":
            self._batches(organisation_get(slug=options["org"]))
        else:
            self._undo(options)

    def _import(self, options) -> None:
        organisation = organisation_get(slug=options["org"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        if path.stat().st_size > upload_limit():
            raise ImportRefused(
                f"{path.name} is larger than {megabytes(upload_limit())}, the most a file may "
                "be. Split it into smaller files, each with the header row."
            )
        user = _user(options["user"])
        replace = None
        if options["replace"] is not None:
            replace = import_batch_get(pk=options["replace"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path} cannot be read: {exc.strerror}.") from exc

        shown = []

        def progress(rows: int) -> None:
            shown.append(rows)
            sys.stderr.write(f"\r  checked {rows:,} rows")
            sys.stderr.flush()

        try:  # refusals go to AppCommand, which lists a file's problems one a line
            batch = import_file_apply(
                organisation=organisation,
                file_name=path.name,
                content=content,
                channel=ImportBatch.Channel.COMMAND_LINE,
                user=user,
                who=command_line_who(user.get_username() if user else ""),
                replace=replace,
                progress=progress,
            )
        finally:
            if shown:
                sys.stderr.write("\n")
        replaced = f" It replaces import {replace.pk}." if replace else ""
        self.stdout.write(
            f"Saved {batch.figures_created:,} figures from {batch.rows_read:,} rows of "
            f"{path.name} (import {batch.pk}).{replaced}"
        )

    def _batches(self, organisation: Organisation) -> None:
        batches = import_batches(organisation=organisation, limit=1000)
        if not batches:
            self.stdout.write(f"No imports for {organisation.name}.")
            return
        for b in batches:
            when = timezone.localtime(b.imported_at).strftime("%Y-%m-%d %H:%M")
            source = b.file_name or b.get_channel_display()
            line = (
                f"{b.pk:>6}  {when}  {b.get_state_display():<8}  {b.rows_read:>7,} rows  "
                f"{b.figures_created:>7,} figures  {b.who}  {source}"
            )
            if not b.is_applied:
                undone = timezone.localtime(b.undone_at).strftime("%Y-%m-%d %H:%M")
                line += f"  ({b.get_state_display().lower()} {undone} by {b.undone_by_who}: "
                line += f"{b.undo_reason})"
            self.stdout.write(line)

    def _undo(self, options) -> None:
        batch = import_batch_get(pk=options["batch"])
        user = _user(options["user"])
        batch = import_batch_undo(
            batch=batch,
            reason=options["reason"],
            user=user,
            who=command_line_who(user.get_username() if user else ""),
        )
        self.stdout.write(
            f"Import {batch.pk} is undone: {batch.figures_created:,} figures removed "
            f"from {batch.organisation.name}."
        )


def _user(username: str | None):
    return user_get(username=username) if username else None
