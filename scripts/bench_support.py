"""Helpers for scripts/bench: wait for Tandem, sign in, pick cases, read wrk's
output into a table row, and time the dashboard's aggregates as raw SQL."""

import concurrent.futures
import os
import sqlite3
import statistics
import subprocess
import http.cookiejar
import re
import zoneinfo
import datetime
import sys
import time
import urllib.parse
import urllib.request

PASSWORD = "riverside-demo-2026"


def wait(base):
    for _ in range(240):
        try:
            if urllib.request.urlopen(base + "/health", timeout=2).status == 200:
                return
        except Exception:
            time.sleep(0.5)
    sys.exit("Tandem did not start")


def session(base, email):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/sign-in").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD}).encode()
    opener.open(base + "/sign-in", body)
    cookie = next(c.value for c in jar if c.name == "tandem_session")
    return opener, cookie


def case_paths(opener, base):
    page = opener.open(base + "/cases").read().decode()
    return sorted(set(re.findall(r'href="(/cases/[0-9A-F-]{36})"', page)))


def fill(base, count):
    opener, _ = session(base, "officer@riverside.example")
    paths = case_paths(opener, base)

    def view(i):
        opener.open(base + paths[i % len(paths)]).read()

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(view, range(count)))


def uuid_from_hex(text):
    text = text.lower()
    return f"{text[0:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:32]}".upper()


def case_paths(url, count, out):
    """Random generated cases: their page paths to `out`, their references to `out`.references."""
    if url.startswith("sqlite://"):
        db = sqlite3.connect(url[len("sqlite://"):])
        rows = db.execute(
            "SELECT id, reference FROM cases WHERE reference LIKE 'ASB-G%' ORDER BY random() LIMIT ?", (count,)
        ).fetchall()
        # Tandem keeps UUIDs as text on SQLite; a blob would be its 16 bytes.
        rows = [(i.hex() if isinstance(i, bytes) else i, r) for i, r in rows]
        rows = [(uuid_from_hex(i) if len(i) == 32 else i.upper(), r) for i, r in rows]
    else:
        text = subprocess.run(
            ["psql", url, "-At", "-F", "|", "-c",
             f"SELECT id, reference FROM cases WHERE reference LIKE 'ASB-G%' ORDER BY random() LIMIT {int(count)}"],
            check=True, capture_output=True, text=True).stdout
        rows = [tuple(line.split("|")) for line in text.splitlines() if line]
        rows = [(i.upper(), r) for i, r in rows]
    with open(out, "w") as paths, open(out + ".references", "w") as references:
        for case_id, reference in rows:
            paths.write(f"/cases/{case_id}\n")
            references.write(reference + "\n")


def public_token(base):
    """The anonymous form token and its cookie, as a resident's browser gets them (the same value)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/report").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    cookie = next(c.value for c in jar if c.name == "tandem_csrf")
    assert token == cookie, "the public form's token should repeat its cookie"
    return token


def row(db, size, label, text):
    def find(pattern):
        match = re.search(pattern, text, re.M)
        return match.group(1) if match else "-"

    requests = find(r"Requests/sec:\s+([\d.]+)")
    non2xx = int(find(r"Non-2xx or 3xx responses: (\d+)").replace("-", "0"))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = non2xx + (sum(int(g) for g in socket.groups()) if socket else 0)
    p50 = find(r"^\s+50%\s+(\S+)")
    p95 = find(r"^P95 (\S+)")
    p99 = find(r"^\s+99%\s+(\S+)")
    return f"| {db} | {int(size):,} | {label} | {float(requests):,.0f} | {p50} | {p95} | {p99} | {errors} |"


def sqlite_time(path, sql):
    """Median of three runs of `sql` in the sqlite3 shell, in milliseconds."""
    runs = []
    for _ in range(3):
        out = subprocess.run(["sqlite3", path], input=".timer on\n" + sql, capture_output=True, text=True,
                             check=True).stdout
        runs.append(sum(float(x) for x in re.findall(r"Run Time: real ([\d.]+)", out)))
    return statistics.median(runs) * 1000


def raw_dashboard(path, first, last):
    """The year dashboard's aggregates in the sqlite3 shell: as Tandem reads them, from the roll-ups
    (closures, response times with the cases still waiting, categories, the monthly trend), and, for
    comparison, the same four counted from every case of the year. The period runs from UK local
    midnight to UK local midnight, as Tandem's does."""
    london = zoneinfo.ZoneInfo("Europe/London")
    first_day = datetime.date.fromisoformat(first)
    last_day = datetime.date.fromisoformat(last)

    def midnight(day):
        return int(datetime.datetime(day.year, day.month, day.day, tzinfo=london).timestamp())

    start = midnight(first_day)
    end = midnight(last_day + datetime.timedelta(days=1))
    now = int(time.time())
    org = "(SELECT id FROM organisations WHERE name = 'Riverside Council ASB Team')"
    scope = f"c.organisation_id = {org}"
    h0, h1 = start // 3600, end // 3600

    def rollup(measure, lo=h0, hi=h1):
        return (f"SELECT label, SUM(n), SUM(days) FROM case_measure_counts WHERE organisation_id = {org} "
                f"AND measure = '{measure}' AND hour >= {lo} AND hour < {hi} GROUP BY label HAVING SUM(n) <> 0;")

    # Month edges at UK local midnight, as Tandem's trend sums them (bucket edges of the roll-ups).
    edges = []
    for i in range(14):
        y, m = divmod(first_day.month - 1 + i, 12)
        edges.append(midnight(datetime.date(first_day.year + y, m + 1, 1)))
    months = []
    for m0, m1 in zip(edges, edges[1:]):
        for measure in ("received", "closed"):
            months.append(f"(SELECT SUM(n) FROM case_measure_counts WHERE organisation_id = {org} "
                          f"AND measure = '{measure}' AND hour >= {m0 // 3600} AND hour < {m1 // 3600})")
    rollups = f"""{rollup('closed')}
{rollup('response')}
SELECT c.risk_level, COUNT(*) FROM cases c WHERE {scope} AND c.first_response_at IS NULL
  AND c.received_at >= {start} AND c.received_at < {end} AND c.response_due_at < {now} AND c.risk_level IS NOT NULL
  GROUP BY c.risk_level;
{rollup('category')}
SELECT {", ".join(months)};
"""
    cases_months = []
    for i in range(13):
        m0 = start + i * 2_629_746
        m1 = m0 + 2_629_746
        cases_months.append(
            f"(SELECT COUNT(*) FROM cases c WHERE {scope} AND c.received_at >= {m0} AND c.received_at < {m1}), "
            f"(SELECT COUNT(*) FROM cases c WHERE {scope} AND c.closed_at >= {m0} AND c.closed_at < {m1})")
    from_cases = f"""SELECT COUNT(*), SUM(CASE WHEN c.closure_outcome = 'resolved' THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.closure_outcome = 'resolved' THEN c.days_to_close ELSE 0 END)
  FROM cases c WHERE {scope} AND c.closed_at >= {start} AND c.closed_at < {end};
SELECT c.risk_level, SUM(CASE WHEN c.first_response_at IS NOT NULL AND c.first_response_at <= c.response_due_at THEN 1 ELSE 0 END)
  FROM cases c WHERE {scope} AND c.received_at >= {start} AND c.received_at < {end} AND c.response_due_at IS NOT NULL
  GROUP BY c.risk_level;
SELECT k.name, x.n FROM (SELECT cc.category_id AS id, COUNT(*) AS n FROM cases c
  JOIN case_categories cc ON cc.case_id = c.id
  WHERE {scope} AND c.received_at >= {start} AND c.received_at < {end} GROUP BY cc.category_id) x
  JOIN categories k ON k.id = x.id;
SELECT {", ".join(cases_months)};
"""
    return (f"{sqlite_time(path, rollups):.0f} ms from the roll-ups, "
            f"{sqlite_time(path, from_cases):.0f} ms counted from the cases (medians of 3)")


def time_page(base, cookie, path):
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", "tandem_session=" + cookie)]
    times = []
    for _ in range(5):
        started = time.perf_counter()
        opener.open(base + path).read()
        times.append(time.perf_counter() - started)
    return f"{statistics.median(times) * 1000:.0f} ms (median of 5)"


def reset_postgres(url):
    subprocess.run(["psql", url, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True)


def settle(base, cookie, path, limit=120):
    """Wait until a signed-in page answers in under 200 ms again: requests wrk gave up on may still be
    running, and would slow the next page measured."""
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", "tandem_session=" + cookie)]
    deadline = time.time() + limit
    while time.time() < deadline:
        started = time.perf_counter()
        try:
            opener.open(base + path, timeout=30).read()
        except Exception:
            pass
        if time.perf_counter() - started < 0.2:
            return
        time.sleep(1)


if __name__ == "__main__":
    command, base = sys.argv[1], sys.argv[2]
    if command == "wait":
        wait(base)
    elif command == "cookie":
        print(session(base, sys.argv[3])[1])
    elif command == "case-path":
        opener = urllib.request.build_opener()
        opener.addheaders = [("Cookie", "tandem_session=" + sys.argv[3])]
        print(case_paths(opener, base)[0])
    elif command == "fill":
        fill(base, int(sys.argv[3]))
    elif command == "case-paths":
        case_paths(base, int(sys.argv[3]), sys.argv[4])
    elif command == "public-token":
        print(public_token(base))
    elif command == "row":
        print(row(base, sys.argv[3], sys.argv[4], sys.stdin.read()))
    elif command == "raw-dashboard":
        print(raw_dashboard(base, sys.argv[3], sys.argv[4]))
    elif command == "time-page":
        print(time_page(base, sys.argv[3], sys.argv[4]))
    elif command == "settle":
        settle(base, sys.argv[3], sys.argv[4])
    elif command == "reset-postgres":
        reset_postgres(base)
