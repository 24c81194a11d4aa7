"""The 403 page says why and what to do, and the public opening a quarter that is not published
is told so on the sign-in page (issue 9, point 17)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from netzero.dashboards.access import UNPUBLISHED_SIGN_IN

pytestmark = pytest.mark.django_db


def test_a_refused_role_gets_the_services_403_saying_why_and_what_to_do(council, client):
    viewer = council.people["viewer"]
    viewer.first_name, viewer.last_name = "Vera", "Viewer"
    viewer.save()
    client.force_login(viewer)
    url = reverse("workflow:period", args=[council.plan.slug, council.q4.slug])
    response = client.get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "govuk-template" in html and "govuk-heading-l" in html  # the service's own page
    assert "You do not have permission to see this page" in html
    assert "You are signed in as Vera Viewer." in html  # full name, never the username
    assert "signed in as viewer" not in html
    assert "ask your organisation's programme manager or administrator" in html
    assert "Forbidden" not in html


def test_the_public_opening_an_unpublished_quarter_is_told_why_on_the_sign_in_page(council):
    client = Client()
    url = reverse("dashboards:dashboard", args=[council.plan.slug, council.q4.slug])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    html = response.content.decode()
    assert "Sign in" in html
    assert UNPUBLISHED_SIGN_IN in html
    assert "data-message-info" in html and "There is a problem" not in html
    # Said once: the next page does not repeat it.
    assert UNPUBLISHED_SIGN_IN not in client.get(reverse("login")).content.decode()


def test_a_published_quarter_is_read_without_signing_in_or_the_message(council):
    client = Client()
    url = reverse("dashboards:dashboard", args=[council.plan.slug, council.q3.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert UNPUBLISHED_SIGN_IN not in response.content.decode()
