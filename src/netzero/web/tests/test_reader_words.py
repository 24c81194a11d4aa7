"""No page a reader can reach says "seed", "loader", "fixture" or "product map": words meant for
developers (issue 9, point 11). Every page reachable by links from the home page on the demo data
is crawled breadth-first, anonymously and as the demo viewer, with the data downloads' text
formats (CSV, JSON) it links to."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from netzero.demo.classifications import green_plan_classifications_load
from netzero.demo.green_plan import green_plan_actions_load, green_plan_load
from netzero.demo.indicators import demo_indicators_load
from netzero.demo.services import demo_load, demo_users_create, demo_workflow_load
from netzero.territorial.management.commands.emissions import DEFAULT as EMISSIONS_CSV
from netzero.territorial.services import area_emissions_import

DEVELOPER_WORDS = re.compile(r"\b(seeds?|loaders?|fixtures?|product maps?)\b", re.IGNORECASE)
PAGE_CAP = 400
TEXT_TYPES = ("text/csv", "application/json", "text/plain")


class _Page(HTMLParser):
    """A page's visible text (not scripts, styles or attributes) and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and (href := dict(attrs).get("href")):
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def crawl(client: Client) -> tuple[list[str], list[tuple[str, str]]]:
    """(pages read, (page, words around a developer word) for each one found)."""
    queue, seen, found = deque(["/"]), set(), []
    while queue and len(seen) < PAGE_CAP:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "")
        if kind.startswith("text/html"):
            page = _Page()
            page.feed(response.content.decode())
            text = " ".join(page.text)
            for href in page.links:
                parts = urlsplit(urldefrag(urljoin(url, href))[0])
                if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                    continue  # another site
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if path.startswith(("/admin/", "/accounts/logout")) or path in seen:
                    continue
                queue.append(path)
        elif kind.startswith(TEXT_TYPES):
            text = response.content.decode()
        else:
            continue  # PDF, Word, XLSX: drawn from the same words as the pages
        found += [
            (url, text[max(0, m.start() - 60) : m.end() + 60])
            for m in DEVELOPER_WORDS.finditer(text)
        ]
    return sorted(seen), found


@pytest.fixture
def demo(db):
    plan = demo_load()
    demo_users_create(plan=plan)
    demo_workflow_load(plan=plan)
    green_plan_load()
    green_plan_classifications_load(green_plan_actions_load())
    demo_indicators_load()
    area_emissions_import(path=EMISSIONS_CSV)
    return plan


def test_the_developer_words_are_caught():
    assert DEVELOPER_WORDS.search("The seed prints no status word")
    assert DEVELOPER_WORDS.search("System (loader or command)")
    assert DEVELOPER_WORDS.search("as summarised in the Product Map from the seeds")
    assert not DEVELOPER_WORDS.search("seedling funding; a downloader")  # whole words only


@pytest.mark.parametrize("reader", ["public", "viewer"])
def test_no_page_a_reader_reaches_says_seed_loader_fixture_or_product_map(demo, reader):
    from django.contrib.auth import get_user_model

    client = Client()
    if reader == "viewer":
        client.force_login(get_user_model().objects.get(username="viewer"))
    pages, found = crawl(client)
    # The crawl reached the plans' dashboards, action pages and the published data downloads.
    assert len(pages) > 100
    assert any(p.endswith("/dashboard.csv") for p in pages)
    assert any(p.endswith("/dashboard.json") for p in pages)
    assert any("/actions/LL15/" in p for p in pages)
    assert not found, "\n".join(f"{page}: …{words}…" for page, words in found)
