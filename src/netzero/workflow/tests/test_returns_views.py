"""The return pages: download links where the work is, upload -> preview -> apply."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from netzero.core.exceptions import Refused
from netzero.core.users import full_name
from netzero.reporting.models import ActionUpdate
from netzero.workflow.models import PendingReturn
from netzero.workflow.returns import (
    PENDING_FOR,
    return_file_discard,
    return_file_keep,
    return_file_take,
)
from netzero.workflow.services import update_save


def _client(council, who: str) -> Client:
    client = Client()
    client.force_login(council.people[who])
    return client


def _urls(council):
    args = [council.plan.slug, council.q4.slug]
    return {
        "upload": reverse("workflow:return_upload", args=args),
        "mine": reverse("workflow:my_updates", args=args),
        "manage": reverse("workflow:period", args=args),
        "planning": reverse(
            "workflow:return_download", args=[*args, council.people["planning"].pk]
        ),
    }


def _filled(content: bytes, changes: dict[str, dict[int, object]]) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    for row in wb["Return"].iter_rows(min_row=2):
        for column, value in changes.get(str(row[0].value), {}).items():
            row[column - 1].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, url, content, name="return.xlsx"):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def _token(response) -> str:
    found = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert found, "the preview offers no choice"
    return found.group(1)


def test_manage_page_offers_each_leads_return(council):
    page = _client(council, "manager").get(_urls(council)["manage"]).content.decode()
    planning = full_name(council.people["planning"])
    assert f"Download the return for {planning} (spreadsheet, 2 actions)" in page
    assert _urls(council)["planning"] in page
    assert _urls(council)["upload"] in page


def test_work_list_offers_the_leads_own_return(council):
    page = _client(council, "planning").get(_urls(council)["mine"]).content.decode()
    assert _urls(council)["planning"] in page
    assert "Download your return (spreadsheet)" in page
    assert _urls(council)["upload"] in page


def test_download_is_an_xlsx_named_for_the_plan_period_and_lead(council):
    response = _client(council, "planning").get(_urls(council)["planning"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="borough-climate-strategy-2022-23-Q4-return-'
    )
    rows = list(load_workbook(io.BytesIO(response.content))["Return"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["10", "16"]


def test_a_person_without_a_return_is_not_found(council):
    args = [council.plan.slug, council.q4.slug, council.people["viewer"].pk]
    response = _client(council, "manager").get(reverse("workflow:return_download", args=args))
    assert response.status_code == 404


def test_upload_preview_then_submit(council):
    urls = _urls(council)
    client = _client(council, "planning")
    content = _filled(
        client.get(urls["planning"]).content,
        {"10": {7: "Survey late."}, "16": {5: "Good", 6: "All done."}},
    )
    preview = _upload(client, urls["upload"], content)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Check the return for 2022-23 Q4" in page
    assert 'id="submit-return"' in page and 'id="save-drafts"' in page
    assert ActionUpdate.objects.filter(period=council.q4).count() == 0
    [kept] = PendingReturn.objects.all()  # in the database, for whichever server answers next
    assert (kept.user, kept.period, bytes(kept.content)) == (
        council.people["planning"],
        council.q4,
        content,
    )
    done = client.post(urls["upload"], {"token": _token(preview), "intent": "submit"})
    assert done.status_code == 302 and done["Location"] == urls["mine"]
    states = set(
        ActionUpdate.objects.filter(period=council.q4, action__ref__in=["10", "16"]).values_list(
            "state", flat=True
        )
    )
    assert states == {ActionUpdate.State.SUBMITTED}
    assert not PendingReturn.objects.exists()  # the kept file is gone
    followed = client.get(done["Location"]).content.decode()
    assert "2 updates submitted for approval." in followed
    # Ref 20 reports through Ref 16: it has no row, moved with Ref 16's, and is named
    assert "Ref 20 reports through Ref 16 and takes its status." in followed
    row = page.split('data-ref="16"', 1)[1].split("</tr>", 1)[0]
    assert "Ref 20 reports through Ref 16 and takes its status." in row
    assert "reports through" not in page.split('data-ref="10"', 1)[1].split("</tr>", 1)[0]


def test_a_row_that_cannot_be_submitted_is_named_and_drafts_remain(council):
    urls = _urls(council)
    client = _client(council, "planning")
    content = _filled(client.get(urls["planning"]).content, {"10": {7: "Survey late."}})
    page = _upload(client, urls["upload"], content).content.decode()
    # Ref 16 is Review without a reason (as last quarter): a draft, not yet a submission.
    assert 'id="submit-return"' not in page
    assert "Row 3 (Ref 16): Give the reason for a Review or Action status." in page
    assert 'id="save-drafts"' in page


def test_the_preview_shows_the_words_typed_with_their_bullets_reason_and_mitigation(council):
    urls = _urls(council)
    client = _client(council, "planning")
    typed = {
        5: "Review",
        6: "Two things:\n\n- responded\n- Final guide sent",
        7: "The <survey> is late.",
        8: "A second surveyor.",
    }
    content = _filled(client.get(urls["planning"]).content, {"16": typed})
    page = _upload(client, urls["upload"], content).content.decode()
    row = page.split('data-ref="16"', 1)[1].split("</tr>", 1)[0]
    assert "<ul><li>responded</li><li>Final guide sent</li></ul>" in row
    assert "<strong>Reason:</strong> The &lt;survey&gt; is late." in row
    assert "<strong>Mitigation:</strong> A second surveyor." in row


def test_a_save_after_the_preview_refuses_the_whole_return(council):
    urls = _urls(council)
    client = _client(council, "planning")
    content = _filled(client.get(urls["planning"]).content, {"16": {5: "Good"}})
    token = _token(_upload(client, urls["upload"], content))
    update_save(
        action=council.actions["10"],
        period=council.q4,
        user=council.people["manager"],
        status="Good",
        progress="<p>Manager.</p>",
        reason="",
        mitigation="",
        expected_version=0,
    )
    response = client.post(urls["upload"], {"token": token, "intent": "drafts"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Row 2 (Ref 10):" in page and "after this return was downloaded" in page
    summary = page.split('id="apply-problems"', 1)[1].split('class="govuk-caption-l"', 1)[0]
    assert summary.count("upload it again") == 1, summary
    assert "Download the return again and copy your words into it." in summary
    assert ActionUpdate.objects.filter(period=council.q4, action__ref="16").count() == 0


def test_another_persons_token_is_refused(council):
    urls = _urls(council)
    planning = _client(council, "planning")
    content = _filled(planning.get(urls["planning"]).content, {"16": {5: "Good"}})
    token = _token(_upload(planning, urls["upload"], content))
    response = _client(council, "manager").post(
        urls["upload"], {"token": token, "intent": "drafts"}
    )
    assert "no longer kept" in response.content.decode()
    assert ActionUpdate.objects.filter(period=council.q4).count() == 0


def test_a_return_left_waiting_a_day_is_deleted_when_the_next_is_kept(council):
    planning, q4 = council.people["planning"], council.q4
    old = return_file_keep(content=b"old", period=q4, user=planning)
    PendingReturn.objects.update(kept_at=timezone.now() - timedelta(seconds=PENDING_FOR + 1))
    new = return_file_keep(content=b"new", period=q4, user=planning)
    assert [bytes(c) for c in PendingReturn.objects.values_list("content", flat=True)] == [b"new"]
    with pytest.raises(Refused, match="no longer kept"):
        return_file_take(token=old, period=q4, user=planning)
    assert return_file_take(token=new, period=q4, user=planning) == b"new"
    return_file_discard(token=new, period=q4, user=planning)
    assert not PendingReturn.objects.exists()


def test_not_an_xlsx_is_named_beside_the_field(council):
    client = _client(council, "planning")
    page = _upload(client, _urls(council)["upload"], b"Ref,Status\n", "return.csv").content.decode()
    assert "Choose the return workbook, an .xlsx file" in page
    junk = _upload(client, _urls(council)["upload"], b"junk" * 100).content.decode()
    assert "not an Excel workbook (.xlsx)" in junk
    assert "There is a problem" in junk


def test_published_period_takes_no_returns(council):
    url = reverse("workflow:return_upload", args=[council.plan.slug, council.q3.slug])
    client = _client(council, "planning")
    assert "takes no returns" in client.get(url).content.decode()
    content = _filled(client.get(_urls(council)["planning"]).content, {})
    assert "is published" in _upload(client, url, content).content.decode()


def test_a_refused_row_offers_neither_choice(council):
    urls = _urls(council)
    client = _client(council, "planning")
    wb = load_workbook(io.BytesIO(client.get(urls["planning"]).content))
    wb["Return"].append(["99", "Made up", None, None, "Good", "x", None, None, 0])
    out = io.BytesIO()
    wb.save(out)
    page = _upload(client, urls["upload"], out.getvalue()).content.decode()
    assert 'name="token"' not in page
    assert "Nothing from this file can be saved until these rows are corrected" in page
    assert "Row 4 (Ref 99): Borough Climate Strategy has no action with this ref." in page


def test_the_manager_changing_a_submitted_update_is_told_it_stays_submitted(council):
    update_save(
        action=council.actions["16"],
        period=council.q4,
        user=council.people["planning"],
        status="Good",
        progress="<p>Done.</p>",
        reason="",
        mitigation="",
        expected_version=0,
        submit=True,
    )
    urls = _urls(council)
    manager = _client(council, "manager")
    content = _filled(manager.get(urls["planning"]).content, {"16": {6: "Done, and checked."}})
    page = _upload(manager, urls["upload"], content).content.decode()
    row = page.split('data-ref="16"')[1].split("</tr>")[0]
    assert "Will be changed, still submitted" in row
    # The lead may not change it: it is with the programme manager.
    planning = _client(council, "planning")
    content = _filled(planning.get(urls["planning"]).content, {"16": {6: "Done, and checked."}})
    row = _upload(planning, urls["upload"], content).content.decode().split('data-ref="16"')[1]
    assert "the programme manager must return it before it can be changed" in row.split("</tr>")[0]
