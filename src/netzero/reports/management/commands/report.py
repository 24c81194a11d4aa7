"""``netzero report``: a period's committee report or dashboard data written to a file."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.management.base import CommandError

from netzero.core.commands import AppCommand
from netzero.plans.selectors import plan_get
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.selectors import period_to_read
from netzero.reports.appendices import APPENDICES, appendices_for
from netzero.reports.render import FORMATS, TEXT_FORMATS, format_content_type, report_file

STDOUT = "-"


class Command(AppCommand):
    help = (
        "Write a plan's committee report (docx, pdf) or its dashboard's data (xlsx, csv, json) "
        "for a period to a file. A published period's figures are those frozen when it was "
        "published."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="The plan's slug.")
        parser.add_argument(
            "--period",
            help="For example 2022-23-Q3 or '2022-23 Q3'. Default: the latest published period, "
            "else the latest.",
        )
        parser.add_argument(
            "--format", required=True, help=f"One of {', '.join(FORMATS)}.", metavar="FORMAT"
        )
        parser.add_argument(
            "--appendix",
            action="append",
            default=[],
            metavar="NAME",
            help=f"Add an appendix to the report (docx, pdf): {', '.join(APPENDICES)}. Repeat for "
            "both. A published period's are those frozen when it was published.",
        )
        parser.add_argument(
            "--output",
            help="The file to write (replaced whole, never half-written), or a directory to write "
            "it in under its own name, or - for standard output (csv and json only). Default: its "
            "own name, in the current directory.",
        )

    def handle(
        self,
        *args,
        plan: str,
        period: str | None,
        format: str,
        output: str | None,
        appendix: list[str],
        verbosity: int = 1,
        **options,
    ):
        format_content_type(format)  # refuse an unknown format before reading anything
        if output == STDOUT and format not in TEXT_FORMATS:
            raise CommandError(
                f"A {format} file is not text: write it to a file with --output FILE."
            )
        plan_obj = plan_get(slug=plan)
        period_obj = _period(plan_obj, period)

        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stderr.write(message)

        if appendix and format not in ("docx", "pdf"):
            raise CommandError("Appendices belong to the report: use --format docx or pdf.")
        result = report_file(
            plan=plan_obj,
            period=period_obj,
            format=format,
            appendices=appendices_for(plan=plan_obj, period=period_obj, names=appendix),
            progress=progress,
        )
        if output == STDOUT:
            self.stdout.write(result.content.decode("utf-8"), ending="")
            return
        target = _target(output, result.filename)
        try:
            write_atomically(target, result.content)
        except OSError as exc:
            raise CommandError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
        if verbosity >= 1:
            self.stderr.write(f"Wrote {target} ({_kilobytes(len(result.content))} KB)")


def _period(plan, name: str | None) -> ReportingPeriod:
    """The period asked for, else the plan's latest published one, else its latest."""
    found = period_to_read(plan=plan, name=name)
    if found is None:
        raise CommandError(f"{plan.name} has no reporting periods yet.")
    return found


def _target(output: str | None, filename: str) -> Path:
    """Where to write: ``output``, or ``filename`` inside it if it is a directory (the current
    directory if there is no ``output``). Refused if its directory does not exist."""
    target = Path(output) if output else Path(filename)
    if target.is_dir():
        target = target / filename
    if not target.parent.is_dir():
        raise CommandError(f"Cannot write {target}: there is no directory {target.parent}.")
    return target


def write_atomically(target: Path, content: bytes) -> None:
    """Write ``content`` to a new file beside ``target``, then rename it over ``target``: a
    reader sees the old file or the whole new one, and a failure leaves nothing behind."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # 0o666 less the umask, as an ordinary new file (a temporary file's own would be 0o600).
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _kilobytes(size: int) -> str:
    return f"{size / 1024:,.1f}"
