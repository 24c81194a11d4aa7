"""Every bad file in the corpus gets its message, on the command line and on the page, and saves
nothing; the command exits with status 1, never killed by a signal (a real process)."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.html import escape

from netzero.footprints.models import FootprintEntry, ImportBatch
from netzero.footprints.tests.badfiles import CORPUS, BadFile

NETZERO = [sys.executable, "-c", "from netzero.cli import main; main()"]


@pytest.fixture
def manager(db, django_user_model):
    from netzero.access.models import Membership
    from netzero.plans.services import organisation_create

    trust = organisation_create(name="Bad Files Trust", slug="bad-files", kind="nhs_trust")
    user = django_user_model.objects.create_user("importer", "importer@example.invalid", "x")
    Membership.objects.create(user=user, organisation=trust, role=Membership.Role.PROGRAMME_MANAGER)
    return trust, user


def _nothing_saved() -> bool:
    return not FootprintEntry.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.parametrize("bad", CORPUS, ids=[b.id for b in CORPUS])
def test_the_command_refuses_with_the_message(bad: BadFile, manager, tmp_path):
    trust, _user = manager
    path = tmp_path / bad.name
    path.write_bytes(bad.make())
    with pytest.raises(CommandError) as refused:
        call_command(
            "activity", "import", str(path), "--org", trust.slug, stdout=StringIO(),
            stderr=StringIO(),
        )  # fmt: skip
    assert bad.message in str(refused.value), str(refused.value)
    assert _nothing_saved()


@pytest.mark.parametrize("bad", CORPUS, ids=[b.id for b in CORPUS])
def test_the_page_refuses_with_the_message(bad: BadFile, manager):
    trust, user = manager
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile(bad.name, bad.make())
    response = client.post(
        f"/organisations/{trust.slug}/activity-data/", {"file-file": upload, "form": "file"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body and "Nothing was saved" in body
    assert escape(bad.message) in body, body[:3000]
    assert _nothing_saved()


@pytest.fixture(scope="module")
def scratch_database(tmp_path_factory):
    """A SQLite database of its own, migrated once, with one organisation: the command runs in a
    separate process, outside the test's transaction."""
    path = tmp_path_factory.mktemp("cli") / "netzero.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "NETZERO_ENV": "development"}
    subprocess.run([*NETZERO, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    create = (
        "from netzero.plans.services import organisation_create; "
        "organisation_create(name='Scratch Trust', slug='scratch', kind='nhs_trust')"
    )
    subprocess.run([*NETZERO, "shell", "-c", create], env=env, check=True)
    return env


SUBPROCESS = ["far-cell", "zip-bomb", "lying-zip-bomb", "billion-laughs", "shared-strings-count"]


@pytest.mark.parametrize("bad", [b for b in CORPUS if b.id in SUBPROCESS], ids=SUBPROCESS)
def test_the_command_exits_1_and_is_never_killed(bad: BadFile, scratch_database, tmp_path: Path):
    path = tmp_path / bad.name
    path.write_bytes(bad.make())
    done = subprocess.run(
        [*NETZERO, "activity", "import", str(path), "--org", "scratch"],
        env=scratch_database,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert bad.message in done.stderr
    assert "Nothing saved: 1 problem(s)." in done.stderr
