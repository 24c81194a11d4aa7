"""The spreadsheet's check page: Apply is offered only when the file would change something; a
file that matches the plan says so plainly."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netzero.spreadsheets import layout
from netzero.spreadsheets.export import plan_workbook
from netzero.spreadsheets.models import PlanImport
from netzero.spreadsheets.tests.test_import_problems import edited

pytestmark = pytest.mark.django_db


def _checked(client, council, content: bytes):
    client.force_login(council.people["manager"])
    url = reverse("spreadsheets:plan_spreadsheet", kwargs={"plan_slug": council.plan.slug})
    upload = SimpleUploadedFile("plan.xlsx", content)
    response = client.post(url, {"file": upload}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_file_that_matches_the_plan_offers_no_apply(client, council):
    page = _checked(client, council, plan_workbook(plan=council.plan))

    assert "The file matches the plan: importing it would change nothing" in page
    assert 'id="apply"' not in page
    assert "to create" not in page
    assert PlanImport.objects.get().state == PlanImport.State.PENDING


def test_a_file_with_a_change_offers_apply(client, council):
    content = edited(plan_workbook(plan=council.plan), layout.ACTIONS, 3, "Success measure", "New")

    page = _checked(client, council, content)

    assert "0 to create, 1 to change" in page
    assert 'id="apply"' in page
    assert "matches the plan" not in page
