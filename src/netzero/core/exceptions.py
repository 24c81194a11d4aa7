"""The application's one family of errors.

Selectors, services and importers raise these; each is turned into what its reader sees in one
place per surface: pages (``netzero.web.errors``: a 404 page, or the form's error summary through
``netzero.core.forms.add_service_errors``), management commands (``netzero.core.commands``:
``CommandError`` with every message) and, later, API responses.

- ``NotFound``: a record asked for by name (a plan's slug, a period's name, an action's ref)
  does not exist. Pages answer 404; commands name what was asked for.
- ``Refused``: the request breaks a rule; nothing was written. It is a Django
  ``ValidationError``, so a form shows it beside its field (``Refused({"reason": "..."})``) and
  ``full_clean``'s own errors travel the same road.
- ``Conflict``: someone else changed the record after this person read it (a ``Refused``
  carrying the record as it now stands).
- ``RowsRefused``: a table of rows (typed into a page) refused as a whole, with each bad
  row's errors by field; nothing from it was saved.
- ``ImportRefused``: a file is refused as a whole, with one message per problem (row-level
  where the problem has a row); nothing from it was saved.

Permission is Django's own ``PermissionDenied`` (pages answer 403).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError


class ApplicationError(Exception):
    """Marker for every error the application raises on purpose, in its readers' words."""

    @property
    def messages(self) -> list[str]:  # overridden by ValidationError for Refused
        return [str(arg) for arg in self.args] or [self.__class__.__name__]


class NotFound(ApplicationError):
    """A record asked for by name does not exist (or is not this reader's to see)."""

    def __init__(self, message: str, *, code: str = "not_found"):
        super().__init__(message)
        self.code = code


class Refused(ValidationError, ApplicationError):
    """A rule refuses the request; nothing was written.

    ``message`` is a string, a list of strings, or a dict of field name to message(s), as
    ``ValidationError`` takes them.
    """

    def __init__(self, message: Any, *, code: str | None = None, params: Any = None):
        ValidationError.__init__(self, message, code=code, params=params)
        if not hasattr(self, "code"):  # a list or dict of messages: the code of the whole
            self.code = code

    def __str__(self) -> str:  # the messages as a person reads them, not a list's repr
        return " ".join(error_messages(self))


class Conflict(Refused):
    """Someone else saved the record after this person opened it; ``current`` is it now."""

    def __init__(self, message: str, *, current: Any = None, code: str = "conflict"):
        super().__init__(message, code=code)
        self.current = current


class ImportRefused(Refused):
    """A file refused as a whole: ``problems`` holds one message per problem (row-level where
    it has a row); ``rows`` is how many data rows were read before refusing. Nothing saved."""

    def __init__(self, problems: Iterable[str] | str, *, rows: int = 0, code: str = "import"):
        problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(problems or ["The file was refused."], code=code)
        self.problems = problems
        self.rows = rows


class RowsRefused(Refused):
    """A table of rows refused as a whole (a plan's actions typed into a page): ``rows`` maps
    each bad row's index (from 0, in the order given) to its errors by field name (``None`` for
    the row as a whole). ``messages`` reads "Row 3: ..." for each. Nothing saved."""

    def __init__(self, rows: dict[int, dict[str | None, list[str]]], *, code: str = "rows"):
        self.rows = rows
        problems = [
            f"Row {index + 1}: {message}"
            for index, fields in sorted(rows.items())
            for messages in fields.values()
            for message in messages
        ]
        super().__init__(problems or ["The rows were refused."], code=code)


def error_messages(exc: BaseException) -> list[str]:
    """Every message an error carries, in order, for a page, a command or an API response."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [m for messages in exc.message_dict.values() for m in messages]
        return list(exc.messages)
    if isinstance(exc, ApplicationError):
        return exc.messages
    return [str(exc)] if str(exc) else []
