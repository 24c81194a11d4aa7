"""The guide people read in Help describes the layout the product writes and reads."""

from netzero.guidance.guides import GUIDES_DIR, guide_html
from netzero.spreadsheets import layout


def test_the_guide_names_every_sheet_of_the_layout():
    text = (GUIDES_DIR / "spreadsheets-and-the-api.md").read_text(encoding="utf-8")
    missing = [sheet.name for sheet in layout.SHEETS if sheet.name not in text]
    assert missing == []
    assert "About" in text


def test_the_guide_is_drawn_on_the_help_pages(client):
    title, body = guide_html(slug="spreadsheets-and-the-api")
    assert title == "Spreadsheets and the API" and "govuk-heading-l" in body
    response = client.get("/help/spreadsheets-and-the-api/")
    assert response.status_code == 200
    assert "Quarterly returns by spreadsheet" in response.content.decode()
