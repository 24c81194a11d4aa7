"""Narrative HTML: the one place that decides what user-written HTML may contain.

Progress narratives keep paragraphs and lists (the seed's ``<p>``, ``<ul>``, ``<ol>``, ``<li>``) and
nothing else: no attributes, no links, no scripts. nh3 (the Python binding of the maintained Rust
sanitiser ammonia) does the work; we only choose the allow-list. Block elements outside it
(headings, table cells, ``<br>``, ``<div>``...) become paragraph breaks, or spaces inside a
paragraph or list item, before they are removed, so their words never run together.

People write narratives as a small Markdown subset in a plain textarea (``markdown_to_narrative``)
and are shown the stored HTML back as that Markdown (``narrative_to_markdown``): paragraphs
separated by a blank line, ``- `` or ``* `` bullets, ``1. `` numbered lists. Nothing else in the
text is markup: ``<b>`` typed there is kept as the characters ``<b>``.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset({"p", "ul", "ol", "li"})

# Elements that separate blocks of text: removed, but never by running their words together.
BLOCK_TAGS = frozenset(
    {
        *(f"h{n}" for n in range(1, 7)),
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "header",
        "hr",
        "main",
        "nav",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
    }
)

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_TYPED_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not a no-break space, which people mean


def sanitise_narrative(value: str | None) -> str:
    """Return ``value`` with every tag but p/ul/ol/li removed and all attributes stripped.

    Inline markup (``<b>``, ``<a>``...) goes and its words stay where they were. A block element
    (a heading, a table cell, ``<br>``) becomes a paragraph break, or a space inside a paragraph or
    list item: ``<p><b>bold</b> <a>link</a></p><h2>Heading</h2><table><tr><td>cell`` is kept as
    three paragraphs, "bold link", "Heading" and "cell".
    """
    if not value:
        return ""
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS | BLOCK_TAGS),
        attributes={},
        url_schemes=set(),
        strip_comments=True,
        link_rel=None,
    )
    if _has_block_tags(cleaned):
        # Sanitised again after the rewrite: whatever the rewriter does, only the allow-list
        # can come out.
        cleaned = nh3.clean(
            _Unblocker.run(cleaned),
            tags=set(ALLOWED_TAGS),
            attributes={},
            url_schemes=set(),
            strip_comments=True,
            link_rel=None,
        )
    return cleaned.strip()


def _has_block_tags(cleaned: str) -> bool:
    return any(name in BLOCK_TAGS for name in re.findall(r"</?([a-z0-9]+)", cleaned))


class _Unblocker(HTMLParser):
    """Rewrites nh3's output (well formed, no attributes) with only the allowed tags: text outside
    any paragraph or list is wrapped in a paragraph that each block element ends; inside a
    paragraph or list item a block element becomes a space."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.open: list[str] = []  # allowed elements open
        self.implicit = False  # a <p> opened here for loose text

    @classmethod
    def run(cls, cleaned: str) -> str:
        parser = cls()
        parser.feed(cleaned)
        parser.close()
        parser._end_implicit()
        return "".join(parser.out)

    def _end_implicit(self) -> None:
        if self.implicit:
            self.out.append("</p>")
            self.implicit = False

    def _in_text_block(self) -> bool:
        return bool(self.open) and self.open[-1] in {"p", "li"}

    def handle_starttag(self, tag, attrs):
        self._tag(tag, closing=False)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, closing=False)

    def handle_endtag(self, tag):
        self._tag(tag, closing=True)

    def _tag(self, tag: str, *, closing: bool) -> None:
        if tag in ALLOWED_TAGS:
            if closing:
                if tag in self.open:
                    while self.open:
                        if self.open.pop() == tag:
                            break
                    self.out.append(f"</{tag}>")
            else:
                if not self._in_text_block() or tag in {"ul", "ol"}:
                    self._end_implicit()
                self.open.append(tag)
                self.out.append(f"<{tag}>")
        elif self.open or self.implicit:  # a block element: a break between words
            if self.implicit and not self.open:
                self._end_implicit()
            else:
                self.out.append(" ")

    def handle_data(self, data):
        if not self.open and not self.implicit:
            if not data.strip():
                self.out.append(data)
                return
            self.out.append("<p>")
            self.implicit = True
        self.out.append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")


_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBER = re.compile(r"^\d{1,3}[.)]\s+(.*)$")
_ESCAPED_MARKER = re.compile(r"^\\(?=[-*]\s|\d{1,3}[.)]\s)")


def markdown_to_narrative(text: str | None) -> str:
    """Narrative HTML from the Markdown subset people type: paragraphs separated by a blank
    line; lines beginning ``- `` or ``* `` a bulleted list, ``1. `` (any number, or ``1)``) a
    numbered list. A list item's following lines (not themselves items) continue it. Everything
    else is text: ``<`` is kept as ``&lt;``. A backslash before a marker (``\\- ``) keeps it text.
    """
    if not text:
        return ""
    blocks: list[str] = []
    kind: str | None = None  # "p", "ul" or "ol": the block being built
    items: list[list[str]] = []

    def flush() -> None:
        nonlocal kind, items
        if kind == "p":
            blocks.append(f"<p>{_join(items[0])}</p>")
        elif kind in {"ul", "ol"}:
            inner = "".join(f"<li>{_join(item)}</li>" for item in items)
            blocks.append(f"<{kind}>{inner}</{kind}>")
        kind, items = None, []

    for raw in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
            continue
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        marker = "ul" if bullet else "ol" if number else None
        if marker:
            if kind != marker:
                flush()
                kind = marker
            items.append([(bullet or number).group(1)])
        elif kind in {"ul", "ol"}:
            items[-1].append(line)  # continues the item
        else:
            if kind is None:
                kind, items = "p", [[]]
            items[0].append(_ESCAPED_MARKER.sub("", line))
    flush()
    return sanitise_narrative("".join(blocks))


def _join(lines: list[str]) -> str:
    return html.escape(" ".join(lines), quote=False)


def narrative_to_markdown(value: str | None) -> str:
    """The stored narrative HTML as the Markdown subset people edit (the inverse of
    ``markdown_to_narrative`` for what it makes): paragraphs with a blank line between, ``- ``
    bullets, ``1. `` numbered items. Nested lists are flattened into their list."""
    cleaned = sanitise_narrative(value)
    if not cleaned:
        return ""
    parser = _MarkdownWriter()
    parser.feed(cleaned)
    parser.close()
    return parser.result()


class _MarkdownWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.lists: list[list] = []  # [kind, number] of the lists open
        self.current: list[str] | None = None
        self.prefix = ""

    def _finish(self) -> None:
        if self.current is not None:
            words = _TYPED_SPACE.sub(" ", "".join(self.current)).strip(" ")
            if words:
                if not self.prefix:
                    words = re.sub(r"^(?=[-*]\s|\d{1,3}[.)]\s)", "\\\\", words)
                line = self.prefix + words
                if self.prefix and self.blocks and self.blocks[-1].startswith("\0list"):
                    self.blocks[-1] += "\n" + line
                elif self.prefix:
                    self.blocks.append("\0list" + line)
                else:
                    self.blocks.append(line)
            self.current = None

    def handle_starttag(self, tag, attrs):
        if tag in {"ul", "ol"}:
            self._finish()
            self.lists.append([tag, 0])
        elif tag == "li":
            self._finish()
            if self.lists:
                self.lists[-1][1] += 1
                kind, number = self.lists[-1]
                self.prefix = f"{number}. " if kind == "ol" else "- "
            else:
                self.prefix = "- "
            self.current = []
        elif tag == "p":
            if self.current is not None and self.lists:
                self.current.append(" ")  # a paragraph inside a list item
                return
            self._finish()
            self.prefix = ""
            self.current = []

    def handle_endtag(self, tag):
        if tag in {"ul", "ol"}:
            self._finish()
            if self.lists:
                self.lists.pop()
            if not self.lists and self.blocks and self.blocks[-1].startswith("\0list"):
                self.blocks[-1] = self.blocks[-1][len("\0list") :] + "\0end"
        elif tag == "li" or (tag == "p" and not self.lists):
            self._finish()
            self.prefix = ""

    def handle_data(self, data):
        if self.current is None:
            if not data.strip():
                return
            self.prefix = ""
            self.current = []
        self.current.append(data)

    def result(self) -> str:
        self._finish()
        blocks = [b.removeprefix("\0list").removesuffix("\0end") for b in self.blocks]
        return "\n\n".join(blocks)


def plain_text(value: str | None) -> str:
    """Plain text exactly as typed (only surrounding whitespace removed).

    Nothing between ``<`` and ``>`` is deleted: ``a<b and c>d`` stays ``a<b and c>d``. Plain-text
    fields are never marked safe; Django's autoescaping prints them as text on every page.
    """
    if not value:
        return ""
    return str(value).strip()


def render_narrative(value: str | None) -> SafeString:
    """Narrative HTML ready for a template: sanitised again on the way out, then marked safe."""
    return mark_safe(sanitise_narrative(value))  # noqa: S308 - sanitised by nh3 just above


def narrative_plain_text(value: str | None) -> str:
    """The words of a narrative without markup, for text output, exports and search."""
    if not value:
        return ""
    with_breaks = re.sub(r"</(p|li)>", "\n", sanitise_narrative(value))
    text = html.unescape(_TAG.sub(" ", with_breaks))
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
