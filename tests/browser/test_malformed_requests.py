"""Malformed requests against the real server (issue 17): over-long paths and
query strings are answered, never 500, and the sign-in page's `next` cannot
inject a header or leave the site. Raw sockets, so nothing in between
rewrites the request."""

import re
import socket
import urllib.parse


def raw_request(base_url, target, extra_headers=b"", body=b"", method=b"GET"):
    """Sends one HTTP/1.1 request as bytes and returns (status, the whole response as bytes)."""
    parsed = urllib.parse.urlparse(base_url)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=30) as sock:
        sock.sendall(
            method + b" " + target + b" HTTP/1.1\r\nHost: " + parsed.netloc.encode()
            + b"\r\nConnection: close\r\n" + extra_headers
            + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        )
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    status = int(data.split(b" ", 2)[1]) if data else 0
    return status, data


def test_long_paths_and_queries_are_answered(base_url):
    long_segment = b"a" * 300
    for target, expected in [
        (b"/" + long_segment, 404),
        (b"/cases/" + b"9" * 400, 404),
        (b"/css/" + long_segment + b".css", 404),
        (b"/r/" + b"b" * 2000, 404),
        (b"/%00", 404),
        (b"/" + b"x/" * 2000, 414),
        (b"/?q=" + b"q" * 20_000, 414),
        (b"/cases?q=" + b"q" * 70_000, 414),
        # Beyond the HTTP parser's 80 KB: answered by Tandem's server instead of a dropped connection.
        (b"/?q=" + b"q" * 100_000, 414),
        (b"/" + b"a" * 200_000, 414),
    ]:
        status, _ = raw_request(base_url, target)
        assert status == expected, (target[:40], status)


def test_oversized_headers_and_garbage_are_answered(base_url):
    status, _ = raw_request(base_url, b"/", extra_headers=b"X-Padding: " + b"p" * 100_000 + b"\r\n")
    assert status == 431
    status, _ = raw_request(base_url, b"/", extra_headers=b"Cookie: " + b"c=1; " * 20_000 + b"\r\n")
    assert status == 431
    status, _ = raw_request(base_url, b"/", method=b"G\x00T")
    assert status == 400


def test_keep_alive_and_head(base_url):
    """Two requests on one connection, the second a HEAD: both answered, the HEAD without a body."""
    parsed = urllib.parse.urlparse(base_url)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=30) as sock:
        host = parsed.netloc.encode()
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: " + host + b"\r\n\r\n"
                     + b"HEAD /health HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    assert data.count(b"HTTP/1.1 200 OK") == 2, data[:400]
    first, second = data.split(b"HTTP/1.1 200 OK")[1:]
    length = int(re.search(rb"(?i)content-length: (\d+)", first).group(1))
    assert length > 0 and len(first.split(b"\r\n\r\n", 1)[1]) == length
    assert second.split(b"\r\n\r\n", 1)[1] == b""


def test_sign_in_next_cannot_inject_headers_or_leave_the_site(base_url):
    for hostile in ["/\r\nSet-Cookie: injected=1", "/\t/evil.example/", "//evil.example/", "/\\evil.example/"]:
        encoded = urllib.parse.quote(hostile, safe="")
        status, response = raw_request(base_url, b"/sign-in?next=" + encoded.encode())
        assert status == 200
        # The form does not carry the value on, so signing in cannot follow it.
        assert b"injected" not in response and b"evil.example" not in response, hostile
    status, response = raw_request(base_url, b"/sign-in?next=%2Fcases%2Fmine")
    assert status == 200 and b'name="next" value="/cases/mine"' in response
