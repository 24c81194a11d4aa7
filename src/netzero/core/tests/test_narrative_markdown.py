"""Narratives typed as a small Markdown subset, shown back as it, and HTML whose block elements
never run words together."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netzero.core.narrative import (
    markdown_to_narrative,
    narrative_plain_text,
    narrative_to_markdown,
    sanitise_narrative,
)


def test_block_elements_do_not_run_words_together():
    html = (
        '<p><b>bold</b> <a href="https://example.invalid">link</a></p><h2>Heading</h2>'
        "<table><tr><td>cell</td><td>next</td></tr></table>one<br>two"
    )
    assert sanitise_narrative(html) == (
        "<p>bold link</p><p>Heading</p><p>cell</p><p>next</p><p>one</p><p>two</p>"
    )
    assert "bold linkHeadingcell" not in narrative_plain_text(html)
    assert narrative_plain_text(html).split("\n") == [
        "bold link",
        "Heading",
        "cell",
        "next",
        "one",
        "two",
    ]


def test_inside_a_paragraph_or_item_a_block_element_is_a_space():
    assert sanitise_narrative("<p>first<br>second</p><ul><li>a<div>b</div></li></ul>") == (
        "<p>first second</p><ul><li>a b </li></ul>"
    )


def test_html_without_block_elements_is_kept_as_before():
    html = "<p>One <em>two</em></p><ul><li>three</li></ul>plain"
    assert sanitise_narrative(html) == "<p>One two</p><ul><li>three</li></ul>plain"


def test_markdown_paragraphs_and_lists():
    text = "First line\nsame paragraph\n\n- one\n* two\n  continued\n\n1. first\n2) second\n\nEnd"
    assert markdown_to_narrative(text) == (
        "<p>First line same paragraph</p><ul><li>one</li><li>two continued</li></ul>"
        "<ol><li>first</li><li>second</li></ol><p>End</p>"
    )


def test_markup_typed_in_markdown_is_text():
    assert markdown_to_narrative("<b>bold</b> & <script>x</script>") == (
        "<p>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</p>"
    )


def test_stored_html_is_shown_back_as_markdown():
    html = (
        "<p>Intro</p><ul><li>a</li><li>b</li></ul><ol><li>x</li><li>y</li></ol><p>1. not a list</p>"
    )
    text = narrative_to_markdown(html)
    assert text == "Intro\n\n- a\n- b\n\n1. x\n2. y\n\n\\1. not a list"
    assert markdown_to_narrative(text) == html


@pytest.mark.parametrize("empty", [None, "", "  \n\n "])
def test_empty(empty):
    assert markdown_to_narrative(empty) == ""
    assert narrative_to_markdown(empty) == ""


_words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]),
    min_size=1,
    max_size=20,
).filter(lambda w: w.strip())


@given(
    st.lists(
        st.one_of(
            _words.map(lambda w: ("p", [w])),
            st.lists(_words, min_size=1, max_size=3).map(lambda ws: ("ul", ws)),
            st.lists(_words, min_size=1, max_size=3).map(lambda ws: ("ol", ws)),
        ),
        max_size=4,
    )
)
def test_markdown_round_trips_what_it_makes(blocks):
    """Whatever a person types, saving what they are shown back changes nothing."""
    text = "\n\n".join(
        "\n".join(
            ("- " if kind == "ul" else f"{n}. " if kind == "ol" else "") + w
            for n, w in enumerate(ws, 1)
        )
        for kind, ws in blocks
    )
    html = markdown_to_narrative(text)
    assert markdown_to_narrative(narrative_to_markdown(html)) == html
