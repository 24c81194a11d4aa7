"""The home page never lets an open quarter's figures pass for published ones."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_a_member_sees_the_open_quarter_marked_as_not_yet_published(client, council):
    client.force_login(council.people["viewer"])
    page = client.get("/").content.decode()
    assert "Dashboard for 2022-23 Q4" in page
    assert "Not yet published: its figures may change until the quarter is published." in page
    # Q4 has no updates yet: said as such, not "covers only the 0 that reported".
    assert "None of the 7 priority actions has a reported status in 2022-23 Q4 yet" in page
    assert "only the 0" not in page


@pytest.mark.django_db
def test_the_public_sees_the_published_quarter_unmarked(client, council):
    page = client.get("/").content.decode()
    assert "Dashboard for 2022-23 Q3" in page
    assert "Not yet published" not in page


@pytest.mark.django_db
def test_the_header_names_the_person_not_their_username(client, council):
    viewer = council.people["viewer"]
    viewer.first_name, viewer.last_name = "Vera", "Viewer"
    viewer.save()
    client.force_login(viewer)
    page = client.get("/").content.decode()
    assert "Sign out Vera Viewer" in page and "Sign out viewer" not in page
