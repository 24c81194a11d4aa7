"""The one layout a plan's spreadsheet has, exported and imported alike (layout version 1).

A workbook holds these sheets, each a header row (the column names below, in the users' words)
and a row per record:

- **About**: the plan's name, its web address (slug), its organisation, the layout version and
  when the file was downloaded, then a line per sheet saying what its columns hold. Read back:
  the plan's name, address and download time.
- **Themes**: the plan's theme tree, a theme per row, its parent named in "Within theme"
  (blank at the top); an objective's vision, benefits and risks; its position among the
  themes.
- **Delivery themes**: each delivery theme and its lead (blank or "TBC" while there is none).
- **Actions**: every field of an action as the plan prints it; the delivering organisations
  (the lead, and the partners one a line) by name, ODS code or address (slug), each optionally
  followed by `` | `` and the note the plan gives; the classifications one a line as
  "Scheme: Category / Subcategory".
- **Classifications**: the plan's classification schemes, a category per row (its scheme's
  details on the scheme's first row), and the count the source reports for it, if any.
- **Periods**: the plan's reporting periods ("2022-23 Q3"), open or published, their notes on
  data gaps and the meeting they were presented to.
- **Updates**: each action's update in a period: status, summary of progress, reason,
  mitigation, where the record comes from (note), its state in the workflow and its version.
- **Plan notes**: notes shown on a part of the dashboards from a period on.
- **Action changes**: actions completed, retired, merged into or superseded by another from a
  period on, with the reason readers see.

Narratives (an action's words, a summary of progress) are written as the small Markdown subset
the pages use (blank-line paragraphs, ``- `` bullets, ``1. `` numbers). A cell that begins with
``=``, ``+``, ``-`` or ``@`` is stored as text, never as a formula, and read back as written.
"""

from __future__ import annotations

from dataclasses import dataclass

LAYOUT_VERSION = "1"

ABOUT = "About"
THEMES = "Themes"
DELIVERY_THEMES = "Delivery themes"
ACTIONS = "Actions"
CLASSIFICATIONS = "Classifications"
PERIODS = "Periods"
UPDATES = "Updates"
PLAN_NOTES = "Plan notes"
ACTION_CHANGES = "Action changes"

# The About sheet's labels (column A) for what is read back.
ABOUT_PLAN = "Plan"
ABOUT_ADDRESS = "Web address"
ABOUT_ADDRESS_OLD = "Web address (slug)"  # files downloaded before the label was shortened
ABOUT_ORGANISATION = "Organisation"
ABOUT_VERSION = "Layout version"
ABOUT_DESCRIPTION = "Description"
# When the file was downloaded (ISO 8601): a row changed in the plan after it is not
# overwritten by the file. Blank in the template (the check is then skipped).
ABOUT_DOWNLOADED = "Downloaded"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    explanation: str
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    explanation: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        THEMES,
        "The plan's themes, a row each; a theme beneath another names it in Within theme.",
        (
            Column("name", "Theme", "The theme's name, unique in the plan.", required=True),
            Column("parent", "Within theme", "The theme it sits beneath; blank at the top."),
            Column("description", "Description", "What the theme covers."),
            Column("vision", "Vision", "The vision an objective serves."),
            Column("benefits", "Benefits", "What delivering it brings."),
            Column("risks", "Risks", "What could stop it."),
            Column("position", "Position", "Its place among the themes: a whole number."),
        ),
    ),
    Sheet(
        DELIVERY_THEMES,
        "The delivery themes and who leads each.",
        (
            Column("name", "Delivery theme", "The delivery theme's name.", required=True),
            Column("lead", "Lead", 'Who leads it; blank or "TBC" while nobody does.'),
            Column("position", "Position", "Its place in the list: a whole number."),
        ),
    ),
    Sheet(
        ACTIONS,
        "Every action with every field the plan prints.",
        (
            Column("ref", "Ref", 'As printed: "5", "LL15". Unique in the plan.', required=True),
            Column("kind", "Kind", "Priority action or Long-list action.", required=True),
            Column("title", "Title", "A long-list action's title."),
            Column("text", "Action", "What will be done: paragraphs, - bullets, 1. numbers."),
            Column("theme", "Theme", "A theme of the Themes sheet or the plan.", required=True),
            Column("delivery_theme", "Delivery theme", "A delivery theme, or blank."),
            Column("target", "Target date or timescale", "31/03/2026, March 2026, 2025/26..."),
            Column("role", "Role", 'Who delivers it, as the plan prints it: "[ICS HR Lead]".'),
            Column("success_measure", "Success measure", "How success is measured."),
            Column("impact", "Impact if not achieved", "High, Moderate, Low or blank."),
            Column("reports_through", "Reports through", "The ref of the action reporting for it."),
            Column(
                "lead_organisation",
                "Lead organisation",
                "The organisation leading it: name, ODS code or address; | then a note.",
            ),
            Column(
                "partners",
                "Partner organisations",
                "The partners, one a line: name, ODS code or address; | then a note.",
            ),
            Column(
                "classifications",
                "Classifications",
                'One a line: "Scheme: Category / Subcategory".',
            ),
        ),
    ),
    Sheet(
        CLASSIFICATIONS,
        "The plan's classification schemes, a category a row; the scheme's details on its "
        "first row.",
        (
            Column("scheme", "Scheme", "The scheme's name.", required=True),
            Column("category", "Category", "The category's name.", required=True),
            Column("parent", "Within category", "Its top-level category; blank at the top."),
            Column("top_level_name", "Top level called", 'What the top level is called: "Module".'),
            Column("second_level_name", "Second level called", '"Action summary".'),
            Column("description", "Scheme description", "What the scheme is and who made it."),
            Column("source", "Scheme source", "Where the scheme comes from."),
            Column("count", "Reported count", "The count the source reports: a whole number."),
            Column("count_source", "Count source", "Where the count is printed."),
        ),
    ),
    Sheet(
        PERIODS,
        "The plan's reporting periods.",
        (
            Column("period", "Period", 'The quarter: "2022-23 Q3".', required=True),
            Column("state", "State", "Open or Published.", required=True),
            Column("notes", "Notes", "Data gaps and caveats shown on the dashboard."),
            Column("presented_to", "Presented to", "The committee or board it went to."),
            Column("presented_on", "Presented on", "The meeting's date: 31/01/2023."),
        ),
    ),
    Sheet(
        UPDATES,
        "Each action's update in a period.",
        (
            Column("period", "Period", 'A period of the Periods sheet: "2022-23 Q3".', True),
            Column("ref", "Ref", "The action's ref.", required=True),
            Column("status", "Status", "Good, Review, Action or Not reported.", required=True),
            Column("progress", "Summary of progress", "Paragraphs, - bullets, 1. numbers."),
            Column("reason", "Reason", "Why the status is Review or Action."),
            Column("mitigation", "Mitigation", "What is being done about it."),
            Column("note", "Note", "Where the record comes from, when not the lead's words."),
            Column("state", "State", "Draft, Submitted, Returned for changes or Approved."),
            Column(
                "version",
                "Version (do not change)",
                "The update's version when the file was downloaded; blank for a new update.",
            ),
        ),
    ),
    Sheet(
        PLAN_NOTES,
        "Notes shown on a part of the dashboards from a period on.",
        (
            Column("section", "Section", "Priority actions summary or Long-list summary.", True),
            Column("from_period", "From period", "The first period it is shown in.", True),
            Column("text", "Text", "The words, as printed when quoted.", required=True),
            Column("source", "Source", "Where the words are printed."),
        ),
    ),
    Sheet(
        ACTION_CHANGES,
        "Actions completed, retired, merged or superseded from a period on.",
        (
            Column("ref", "Ref", "The action's ref.", required=True),
            Column("from_period", "From period", "The first period it holds in.", required=True),
            Column("change", "Change", "Completed, Retired, Merged into or Superseded by.", True),
            Column("other", "Other ref", "The action it was merged into or superseded by."),
            Column("reason", "Reason", "Why, in words readers see.", required=True),
        ),
    ),
)

SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
# Sheets every file must have; the others may be left out (nothing of theirs is imported).
REQUIRED_SHEETS = (THEMES, ACTIONS)


def about_lines() -> list[tuple[str, str]]:
    """The About sheet's lines explaining each sheet and its columns."""
    lines: list[tuple[str, str]] = []
    for sheet in SHEETS:
        lines.append((sheet.name, sheet.explanation))
        for column in sheet.columns:
            needed = " (required)" if column.required else ""
            lines.append((f"  {column.header}", column.explanation + needed))
    return lines
