"""Crash safety: every write Tandem acknowledged survives SIGKILL.

Drives writes through HTTP from several threads (public reports from many
addresses, and an officer logging contacts on a case), kills the server with
SIGKILL while they are in flight, restarts it, and checks that every write
that got its success answer (303) is in the database and that
`tandem audit verify` passes. Runs on SQLite, and on PostgreSQL when
TANDEM_CRASH_POSTGRES_URL names a server where it may create a database.

Needs TANDEM_BIN (scripts/test sets it)."""

import os
import re
import signal
import sqlite3
import subprocess
import threading
import time
import uuid
from datetime import date

import pytest

from process_support import free_port, opener_with_cookies, post, start, token

PASSWORD = "riverside-demo-2026"


def drive(base, acknowledged, stop):
    """Writers: public reports and contacts; each acknowledged marker is kept."""
    today = date.today()

    def resident():
        opener, _ = opener_with_cookies()
        form = token(opener.open(base + "/report").read().decode())
        n = 0
        while not stop.is_set():
            n += 1
            marker = f"crash-report-{uuid.uuid4().hex[:12]}"
            fields = {"csrf_token": form, "reporter_kind": "anonymous", "behaviour_day": today.day,
                      "behaviour_month": today.month, "behaviour_year": today.year, "happening_now": "no",
                      "location": marker, "description": "Loud music every night (crash test)."}
            address = f"10.{n % 250}.{threading.get_ident() % 250}.{(n * 7) % 250 + 1}"
            try:
                if post(opener, base + "/report", fields, {"X-Forwarded-For": address}) == 303:
                    acknowledged.append(("report", marker))
            except Exception:
                return

    def officer():
        opener, _ = opener_with_cookies()
        page = opener.open(base + "/sign-in").read().decode()
        post(opener, base + "/sign-in", {"csrf_token": token(page), "email": "officer@riverside.example",
                                         "password": PASSWORD})
        mine = opener.open(base + "/cases/mine").read().decode()
        case_path = re.search(r'href="(/cases/[0-9A-F-]{36})"', mine).group(1)
        form = token(opener.open(base + case_path).read().decode())
        while not stop.is_set():
            marker = f"crash-contact-{uuid.uuid4().hex[:12]}"
            fields = {"csrf_token": form, "contacted_on": today.isoformat(), "contacted_time": "00:01",
                      "channel": "phone", "with_whom": "Maria Lopez", "summary": marker, "from": "case"}
            try:
                if post(opener, base + case_path + "/contacts", fields) == 303:
                    acknowledged.append(("contact", marker))
            except Exception:
                return

    threads = [threading.Thread(target=resident) for _ in range(3)] + [threading.Thread(target=officer)
                                                                          for _ in range(2)]
    for thread in threads:
        thread.start()
    return threads


def stored(database_url, kind):
    column, table = ("location", "reports") if kind == "report" else ("summary", "contacts")
    if database_url.startswith("sqlite://"):
        db = sqlite3.connect(database_url[len("sqlite://"):])
        return {row[0] for row in db.execute(f"SELECT {column} FROM {table} WHERE {column} LIKE 'crash-%'")}
    out = subprocess.run(["psql", database_url, "-At", "-c",
                          f"SELECT {column} FROM {table} WHERE {column} LIKE 'crash-%'"],
                         check=True, capture_output=True, text=True).stdout
    return set(out.split())


def crash_and_check(binary, database_url, workdir):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(binary, database_url, port, workdir, demo=True)
    acknowledged, stop = [], threading.Event()
    threads = drive(base, acknowledged, stop)
    time.sleep(4)
    # Kill mid-load: the writers are still sending.
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    assert len(acknowledged) > 20, f"too few writes were acknowledged before the kill: {len(acknowledged)}"
    # Restart on the same database, then check every acknowledged write.
    server = start(binary, database_url, port, workdir, demo=True)
    try:
        for kind in ("report", "contact"):
            wanted = {marker for k, marker in acknowledged if k == kind}
            missing = wanted - stored(database_url, kind)
            assert not missing, f"{len(missing)} acknowledged {kind}s were lost: {sorted(missing)[:5]}"
    finally:
        server.terminate()
        server.wait()
    verify = subprocess.run([binary, "audit", "verify"], env={**os.environ, "DATABASE_URL": database_url},
                            capture_output=True, text=True)
    assert verify.returncode == 0, verify.stderr + verify.stdout
    return len(acknowledged)


@pytest.fixture
def binary():
    path = os.environ.get("TANDEM_BIN")
    if not path:
        pytest.fail("TANDEM_BIN must name the tandem binary")
    return path


def test_sqlite_keeps_every_acknowledged_write(binary, tmp_path):
    count = crash_and_check(binary, f"sqlite://{tmp_path}/crash.sqlite", str(tmp_path))
    print(f"SQLite: {count} acknowledged writes, all present after SIGKILL")


def test_postgres_keeps_every_acknowledged_write(binary, tmp_path):
    server = os.environ.get("TANDEM_CRASH_POSTGRES_URL")
    if not server:
        pytest.fail("TANDEM_CRASH_POSTGRES_URL must name a PostgreSQL server (scripts/test starts one)")
    name = f"crash_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", server, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    url = server.rsplit("/", 1)[0] + "/" + name
    count = crash_and_check(binary, url, str(tmp_path))
    print(f"PostgreSQL: {count} acknowledged writes, all present after SIGKILL")
