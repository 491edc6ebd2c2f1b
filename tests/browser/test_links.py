"""Every link a signed-in person can follow leads somewhere (issue 18's typed routes).

Links, form actions and redirects are built from SiteURL, and templates are handed finished links by
their page models. A page model that forgets one renders an empty href or a route pattern (":caseID");
a link to a route that moved answers 404. This crawls what each kind of user can reach from Home, over
plain HTTP (no JavaScript is needed to use Tandem), and checks every link and form action it finds.
"""

import html.parser
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import DEMO_PASSWORD

PEOPLE = [
    "manager@riverside.example",
    "officer@riverside.example",
    "calls@riverside.example",
    "police@riverside.example",
    "admin@riverside.example",
    "auditor@riverside.example",
]

# Pages a crawl should not open: signing out ends the session; CSV downloads are checked for their status only.
SKIP = ("/sign-out",)
MAX_PAGES = 120


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.actions = []
        self.csrf = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and "href" in values:
            self.links.append(values["href"] or "")
        if tag == "form":
            self.actions.append(values.get("action"))
        if tag == "input" and values.get("name") == "csrf_token":
            self.csrf = values.get("value")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())


def _get(opener, url):
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), error.headers


def _sign_in(opener, base_url, email):
    status, body, _ = _get(opener, base_url + "/sign-in")
    assert status == 200
    parser = _Links()
    parser.feed(body)
    form = urllib.parse.urlencode({"email": email, "password": DEMO_PASSWORD, "csrf_token": parser.csrf or ""})
    request = urllib.request.Request(base_url + "/sign-in", data=form.encode(), method="POST")
    try:
        opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        assert error.code == 303, f"sign-in as {email} answered {error.code}"


@pytest.mark.parametrize("email", PEOPLE)
def test_every_link_and_form_action_leads_somewhere(base_url, email):
    opener = _opener()
    _sign_in(opener, base_url, email)
    seen, queue, problems = set(), ["/"], []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        status, body, headers = _get(opener, base_url + path)
        if status not in (200, 303):
            problems.append(f"{path} answered {status}")
            continue
        if "html" not in (headers.get("Content-Type") or ""):
            continue
        parser = _Links()
        parser.feed(body)
        for action in parser.actions:
            if action is not None and (action.strip() == "" or ":" in urllib.parse.urlparse(action).path):
                problems.append(f"{path} has a form with action {action!r}")
        for href in parser.links:
            if href.strip() == "":
                problems.append(f"{path} has an empty link")
                continue
            parsed = urllib.parse.urlparse(href)
            if parsed.scheme in ("mailto", "tel") or (parsed.scheme and parsed.netloc):
                continue
            if re.search(r"/:[A-Za-z]", parsed.path):
                problems.append(f"{path} links to a route pattern {href!r}")
                continue
            if not parsed.path or parsed.path.startswith("/css/"):
                continue
            target = urllib.parse.urljoin(path, href.split("#")[0])
            if target.startswith("/") and not target.startswith(SKIP) and target not in seen:
                # Paging and filter variants of one list add nothing: follow the first of each.
                key = urllib.parse.urlparse(target).path
                if sum(1 for s in seen if urllib.parse.urlparse(s).path == key) < 2:
                    queue.append(target)
    assert not problems, "\n".join(problems)
    assert len(seen) >= 3, f"the crawl as {email} reached only {sorted(seen)}"
