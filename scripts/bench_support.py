"""Helpers for scripts/bench: wait for Tandem, sign in, and fill the audit trail."""

import concurrent.futures
import http.cookiejar
import re
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
