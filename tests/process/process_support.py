"""Helpers shared by the process-level tests: start Tandem, post forms, read tokens."""

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start(binary, database_url, port, workdir, demo):
    args = [binary, "serve", "--port", str(port)] + (["--demo"] if demo else [])
    env = {**os.environ, "DATABASE_URL": database_url, "TANDEM_TRUST_PROXY": "1", "LOG_LEVEL": "warning",
           "TANDEM_ADMIN_EMAIL": "ops@tandem.test", "TANDEM_ADMIN_PASSWORD": "crash tests only 2026"}
    server = subprocess.Popen(args, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(240):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).status == 200:
                return server
        except Exception:
            time.sleep(0.5)
    server.kill()
    pytest.fail("Tandem did not start")


def opener_with_cookies():
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect), jar


def token(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post(opener, url, fields, headers=None, body=None):
    """POST a form; the status, with the page appended to `body` when given."""
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), headers=headers or {})
    try:
        response = opener.open(request, timeout=10)
        if body is not None:
            body.append(response.read().decode())
        return response.status
    except urllib.error.HTTPError as error:
        if body is not None:
            body.append(error.read().decode())
        return error.code


