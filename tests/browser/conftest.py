"""Shared fixtures for Tandem's browser tests.

The server is started outside pytest (by scripts/test); its address comes from
TANDEM_BASE_URL. Tests drive headless Debian Chromium through chromedriver and
check pages with axe-core for WCAG 2.2 AA problems.
"""

import json
import os
import shutil

import pytest
import selenium_axe_python  # pip install selenium-axe-python: only its axe-core 4.x script is used
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

DEMO_PASSWORD = "riverside-demo-2026"

# axe-selenium-python bundles axe-core 3.1 (2018): it has no WCAG 2.2 rules and
# wrongly flags valid markup (<div> groups in <dl>, autocomplete="username").
# selenium-axe-python ships axe-core 4.x; its engine is run through the same API.
AXE_SCRIPT = os.path.join(os.path.dirname(selenium_axe_python.__file__), "axe-core", "axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _make_driver(javascript=True):
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(arg)
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    chromedriver = "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else shutil.which("chromedriver")
    service = Service(executable_path=chromedriver) if chromedriver else Service()
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="session")
def base_url():
    return os.environ.get("TANDEM_BASE_URL", "http://127.0.0.1:8080").rstrip("/")


@pytest.fixture(scope="session")
def _session_driver():
    driver = _make_driver()
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def _session_nojs_driver():
    driver = _make_driver(javascript=False)
    yield driver
    driver.quit()


def _signed_out(driver, base_url):
    # Cookies can only be deleted for the current origin, so visit it first.
    driver.get(base_url + "/sign-in")
    driver.delete_all_cookies()
    return driver


@pytest.fixture
def driver(_session_driver, base_url):
    """A JavaScript-enabled browser, signed out."""
    return _signed_out(_session_driver, base_url)


@pytest.fixture
def nojs_driver(_session_nojs_driver, base_url):
    """A browser with JavaScript disabled, signed out."""
    return _signed_out(_session_nojs_driver, base_url)


def sign_in(driver, base_url, email, password=DEMO_PASSWORD):
    """Sign in through the real sign-in form."""
    driver.get(base_url + "/sign-in")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.XPATH, "//main//button[normalize-space()='Sign in']"))


def click_and_wait(driver, element):
    """Click a link or submit button and wait until the next page has replaced this one."""
    element.click()
    WebDriverWait(driver, 15).until(_gone(element))
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.TAG_NAME, "main"))


def _gone(element):
    """True once `element` no longer belongs to the page. Chromium reports this
    either as a stale element or, mid-navigation, as an inspector error."""

    def check(_driver):
        try:
            element.is_enabled()
            return False
        except (StaleElementReferenceException, WebDriverException):
            return True

    return check


def assert_no_axe_violations(driver):
    """Run axe on the current page and fail listing every violation."""
    axe = Axe(driver, AXE_SCRIPT)
    axe.inject()
    results = axe.run(options=json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}}))
    violations = results["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {driver.current_url}:"]
        for v in violations:
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} -> {targets}")
        pytest.fail("\n".join(lines), pytrace=False)


def h1(driver):
    """The page's main heading."""
    return driver.find_element(By.TAG_NAME, "h1").text


def main_text(driver):
    """Everything the page's main region says."""
    return driver.find_element(By.TAG_NAME, "main").text


def click_button(driver, text):
    """Press the button in the main region labelled `text` and wait for the next page."""
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//button[normalize-space()='{text}']"))


def switch_user(driver, base_url, email):
    """Sign out whoever is signed in and sign in as `email`."""
    driver.get(base_url + "/sign-in")
    driver.delete_all_cookies()
    sign_in(driver, base_url, email)


def open_case(driver, base_url, reference):
    """Find a case by its reference on All cases, open it and return its address."""
    driver.get(base_url + "/cases?reference=" + reference)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, reference))
    return driver.current_url.split("?")[0].rstrip("/")


def wait_for_mail(matches, timeout=30):
    """The messages the test SMTP server (aiosmtpd, scripts/test) has received that `matches` accepts, as
    (recipient, subject, text) tuples, waiting up to `timeout` seconds for at least one."""
    import email
    import email.policy
    import mailbox
    import time

    folder = os.environ.get("TANDEM_MAILDIR")
    if not folder:
        pytest.fail("TANDEM_MAILDIR must name the maildir the test SMTP server writes to")
    deadline = time.time() + timeout
    while True:
        found = []
        if os.path.isdir(folder):
            for message in mailbox.Maildir(folder, factory=None):
                parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
                text = parsed.get_body(preferencelist=("plain",)).get_content()
                item = (str(parsed["To"]).strip("<>"), str(parsed["Subject"]), text)
                if matches(*item):
                    found.append(item)
        if found or time.time() > deadline:
            return found
        time.sleep(0.5)
