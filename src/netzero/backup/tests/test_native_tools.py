"""The native backup tools docs/operations.md gives, run as documented: SQLite's online backup
(`sqlite3 DB ".backup 'FILE'"`) and PostgreSQL's `pg_dump --format=custom` restored with
`createdb` + `pg_restore --no-owner` into a new database. The copy shows the same dashboards,
footprints and tables as the original."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from netzero.backup.tests.support import LIGHT_DEMO, env_for, run, snapshot

PGBIN = Path("/usr/lib/postgresql/15/bin")


def _tool(name: str) -> str:
    found = str(PGBIN / name) if (PGBIN / name).exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"needs {name} (Debian's postgresql-client; make test installs it)")
    return found


def _light_demo(env: dict) -> None:
    run(env, "migrate", "-v0")
    run(env, "shell", "-c", LIGHT_DEMO)


def test_sqlite_online_backup_gives_the_same_dashboards(tmp_path):
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        pytest.skip("needs Debian's sqlite3 (make test installs it)")
    live = tmp_path / "netzero.sqlite3"
    original = env_for(f"sqlite:///{live}", tmp_path / "a")
    _light_demo(original)
    copy = tmp_path / "netzero-2026-11-22.sqlite3"
    run(original, str(live), f".backup '{copy}'", program=sqlite3)
    restored = env_for(f"sqlite:///{copy}", tmp_path / "b")
    first, second = snapshot(original), snapshot(restored)
    assert (
        len(first["dashboards"]) == 3 and first["tables"]["reporting.actionupdate"] == 99
    )  # with Ref 20 kept in step with Ref 16 in Q4
    assert first == second


@pytest.mark.postgres_server
def test_pg_dump_and_pg_restore_into_a_new_database_give_the_same_dashboards(
    tmp_path, scratch_postgres_database
):
    original = env_for(scratch_postgres_database, tmp_path / "a")
    _light_demo(original)
    dump = tmp_path / "netzero-2026-11-22.dump"
    run(
        original,
        "--format=custom",
        f"--file={dump}",
        scratch_postgres_database,
        program=_tool("pg_dump"),
    )

    parts = urlsplit(scratch_postgres_database)
    name = f"netzero_restored_{uuid.uuid4().hex[:8]}"
    server = urlunsplit(parts._replace(path="/postgres"))
    target = urlunsplit(parts._replace(path=f"/{name}"))
    run(original, f"--maintenance-db={server}", name, program=_tool("createdb"))
    try:
        run(original, "--no-owner", f"--dbname={target}", str(dump), program=_tool("pg_restore"))
        restored = env_for(target, tmp_path / "b")
        first, second = snapshot(original), snapshot(restored)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert (
        len(first["dashboards"]) == 3 and first["tables"]["reporting.actionupdate"] == 99
    )  # with Ref 20 kept in step with Ref 16 in Q4
    assert first == second
