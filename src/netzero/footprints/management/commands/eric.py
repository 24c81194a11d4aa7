from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from netzero.core.commands import AppCommand
from netzero.core.exceptions import ImportRefused
from netzero.core.uploads import megabytes
from netzero.core.users import user_get
from netzero.core.years import financial_year_label
from netzero.footprints.eric import estates_return_import, mapped_columns, year_from_label
from netzero.footprints.imports import upload_limit
from netzero.footprints.services import command_line_who


class Command(AppCommand):
    help = (
        "The NHS estates return (ERIC): netzero eric import FILE --year 2016-17 [--trust CODE "
        "...] [--dry-run] [--replace] [--user NAME] [--verbose]. Trusts are matched by their "
        "ODS code; every organisation's figures are saved, or none."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Check the return and save the figures, or none.")
        load.add_argument("file")
        load.add_argument("--year", required=True, help="The return's year, like 2016-17.")
        load.add_argument(
            "--trust",
            action="append",
            default=[],
            help="Only this trust's ODS code (repeat for more).",
        )
        load.add_argument("--dry-run", action="store_true", help="Check everything, save none.")
        load.add_argument(
            "--replace",
            action="store_true",
            help="Replace an organisation's earlier import of this same file.",
        )
        load.add_argument("--user", help="The person the import is recorded for (a manager).")
        load.add_argument(
            "--verbose", action="store_true", help="List every trust with no organisation here."
        )

    def handle(self, *args, action: str, **options):
        year = year_from_label(options["year"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        if path.stat().st_size > upload_limit():
            raise ImportRefused(
                f"{path.name} is larger than {megabytes(upload_limit())}, the most a file may be."
            )
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path} cannot be read: {exc.strerror}.") from exc
        user = user_get(username=options["user"]) if options["user"] else None
        result = estates_return_import(
            file_name=path.name,
            content=content,
            year=year,
            trusts=options["trust"],
            user=user,
            who=command_line_who(user.get_username() if user else ""),
            replace=options["replace"],
            dry_run=options["dry_run"],
        )
        self._summary(result, verbose=options["verbose"])

    def _summary(self, result, *, verbose: bool) -> None:
        label = financial_year_label(result.year)
        write = self.stdout.write
        verb = "Would save" if result.dry_run else "Saved"
        for found in result.imports:
            where = f" (import {found.batch.pk})" if found.batch else ""
            write(
                f"{verb} {len(found.rows):,} figures for {found.organisation.name} from "
                f"{', '.join(found.codes)}{where}."
            )
            blank = [s for s in found.skipped if s.why == "blank"]
            zero = [s for s in found.skipped if s.why == "0"]
            other = [s for s in found.skipped if s.why not in ("blank", "0")]
            if blank:
                write(f"  No figure for {len(blank)} blank cell(s): " + _cells(blank))
            if zero:
                write(f"  No figure for {len(zero)} cell(s) of 0: " + _cells(zero))
            for s in other:
                write(f"  Not calculated: {s.code} '{s.column}': {s.why}.")
        if result.dry_run:
            write(f"Dry run: nothing saved from {result.file_name} ({label}).")
        if result.unmatched:
            write(
                f"{len(result.unmatched):,} trusts in the file have no organisation here"
                + (":" if verbose else " (--verbose lists them).")
            )
            if verbose:
                for code, name in result.unmatched:
                    write(f"  {code} {name}")
        for organisation in result.absent:
            write(f"Not in the file: {organisation.name} ({', '.join(organisation.ods_codes)}).")
        write(
            f"Columns used, each multiplied by this row of the organisation's {label} factor set "
            "(docs/decisions/0005-eric-mapping.md says why):"
        )
        for column, rows in mapped_columns(result.year):
            write(f"  '{column}': {rows}.")
        if result.not_mapped:
            write("Columns not mapped to a factor:")
            for name, why in result.not_mapped:
                write(f"  '{name}': {why}.")


def _cells(skipped) -> str:
    return "; ".join(f"{s.code} '{s.column}'" for s in skipped)
