import re
from pathlib import Path

import pytest
from django.urls import reverse

from netzero.guidance.guides import GUIDES, GUIDES_DIR

REPO = Path(__file__).resolve().parents[4]


def test_each_guide_is_the_docs_file_itself():
    """One copy: the product reads the guide kept in docs/, so the two cannot drift apart."""
    for guide in GUIDES:
        shipped = (GUIDES_DIR / guide.file).resolve()
        assert shipped == (REPO / "docs" / guide.file).resolve()
        assert shipped.read_text(encoding="utf-8").startswith(f"# {guide.title}\n")


@pytest.mark.django_db
def test_the_help_page_links_to_each_guide_and_defines_the_statuses(client):
    response = client.get(reverse("guidance:help"))
    html = response.content.decode()
    assert response.status_code == 200
    for guide in GUIDES:
        assert reverse("guidance:guide", args=[guide.slug]) in html
        assert guide.title in html
    for word in ("Good", "Review", "Action", "Not reported"):
        assert f">{word}</strong>" in html
    for role in ("Administrator", "Programme manager", "Theme lead", "Contributor", "Viewer"):
        assert f">{role}</dt>" in html


@pytest.mark.django_db
def test_a_guide_is_drawn_in_govuk_styles_with_every_section_of_the_file(client):
    guide = GUIDES[0]
    text = (GUIDES_DIR / guide.file).read_text(encoding="utf-8")
    response = client.get(reverse("guidance:guide", args=[guide.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<h1 class="govuk-heading-xl">') == 1  # the file's title, printed once
    sections = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sections
    for section in sections:
        assert f'<h2 class="govuk-heading-l">{section}</h2>' in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]


@pytest.mark.django_db
def test_an_unknown_guide_is_not_found(client):
    assert client.get("/help/no-such-guide/").status_code == 404
