"""The guides people read in the product: Markdown files kept in ``docs/`` (one copy, read here
through the package's ``guides/`` folder), drawn as GOV.UK-styled HTML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from netzero.core.exceptions import NotFound

GUIDES_DIR = Path(__file__).resolve().parent / "guides"

# GOV.UK Frontend's class for each element the guides use.
_CLASSES = {
    "h1": "govuk-heading-xl",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
}
_TAGS = set(_CLASSES) | {"li", "strong", "em", "code", "pre", "br", "hr"}


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    file: str


GUIDES = [
    Guide(
        "setting-up-your-organisation",
        "Setting up your organisation",
        "setting-up-your-organisation.md",
    ),
    Guide("spreadsheets-and-the-api", "Spreadsheets and the API", "spreadsheets-and-the-api.md"),
]


class _GovukClasses(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag in _CLASSES:
                element.set("class", _CLASSES[element.tag])
            if element.tag == "li" and len(element) and element[0].tag == "p":
                # A loose list's paragraphs keep the list's look.
                element[0].attrib.pop("class", None)


class _Govuk(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_GovukClasses(md), "govuk_classes", 0)


def guide_get(*, slug: str) -> Guide:
    for guide in GUIDES:
        if guide.slug == slug:
            return guide
    raise NotFound(f"No guide {slug!r}.", code="unknown_guide")


@cache
def guide_html(*, slug: str) -> tuple[str, str]:
    """The guide's title (its first heading) and its body as HTML, without that heading."""
    guide = guide_get(slug=slug)
    text = (GUIDES_DIR / guide.file).read_text(encoding="utf-8")
    html = markdown.markdown(text, extensions=["tables", _Govuk()], output_format="html")
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"*": {"class"}, "a": {"href"}},
        link_rel=None,
    )
    _, _, rest = clean.partition("</h1>")
    if not rest:  # no first-level heading: the whole text is the body
        return guide.title, clean
    return guide.title, rest.strip()
