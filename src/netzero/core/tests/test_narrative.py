from netzero.core.narrative import narrative_plain_text, render_narrative, sanitise_narrative


def test_only_paragraphs_and_lists_survive():
    html = (
        '<p style="a">One</p><ul style="list-style-type: none"><li>Two</li></ul><ol><li>3</li></ol>'
    )
    assert sanitise_narrative(html) == "<p>One</p><ul><li>Two</li></ul><ol><li>3</li></ol>"


def test_script_event_handlers_and_javascript_urls_are_removed():
    payload = (
        '<p>ok</p><script>alert(1)</script><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)">link</a><p onmouseover="alert(4)">x</p>'
    )
    cleaned = sanitise_narrative(payload)
    assert cleaned == "<p>ok</p>link<p>x</p>"
    assert "alert" not in str(render_narrative(payload))


def test_unclosed_tags_are_closed():
    assert sanitise_narrative("<ul><li>a<li>b") == "<ul><li>a</li><li>b</li></ul>"


def test_plain_text_keeps_paragraph_breaks_and_unescapes():
    assert narrative_plain_text("<p>Fish &amp; chips</p><ul><li>a</li><li>b</li></ul>") == (
        "Fish & chips\na\nb"
    )
    assert narrative_plain_text(None) == ""


def test_plain_text_is_kept_exactly_as_typed():
    from netzero.core.narrative import plain_text

    assert plain_text("a<b and c>d") == "a<b and c>d"
    assert (
        plain_text("  Fish &amp; chips <script>x</script>\n")
        == "Fish &amp; chips <script>x</script>"
    )
    assert plain_text(None) == ""
