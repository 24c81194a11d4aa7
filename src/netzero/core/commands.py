"""Management commands turn the application's errors into ``CommandError`` here, in one place.

``netzero <command>`` classes subclass ``AppCommand`` and let ``NotFound``, ``Refused`` (any
``ValidationError``) and ``PermissionDenied`` propagate from selectors and services; the operator
sees every message, one per line when there are several (an import's row-level problems).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from netzero.core.exceptions import ApplicationError, ImportRefused, error_messages


def command_error(exc: BaseException, *, hint: str = "") -> CommandError:
    """The ``CommandError`` an operator reads for ``exc``: its messages, then ``hint``."""
    messages = error_messages(exc)
    text = "\n".join(messages)
    if isinstance(exc, ImportRefused):  # a file's problems, one a line, the first 20 shown
        shown = "\n".join(f"  {m}" for m in messages[:20])
        more = f"\n  ... and {len(messages) - 20} more" if len(messages) > 20 else ""
        text = f"\nNothing saved: {len(messages)} problem(s).\n{shown}{more}"
    if hint:
        text = f"{text} {hint}"
    return CommandError(text or "Refused.")


class AppCommand(BaseCommand):
    """A ``BaseCommand`` whose ``handle`` may raise the application's errors."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except (ApplicationError, ValidationError, PermissionDenied) as exc:
            raise command_error(exc, hint=self.hint_for(exc)) from exc

    def hint_for(self, exc: BaseException) -> str:
        """A command may add what the operator can do next for a given error."""
        return ""
