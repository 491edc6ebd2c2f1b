"""Browser tests: signing in and out through the real pages, with and without
JavaScript, and an axe (WCAG 2.2 AA) check of every page as the demo user who
can see it, including error states and the 404 page."""

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_no_axe_violations, click_and_wait, sign_in

OFFICER = "officer@riverside.example"
ADMIN = "admin@riverside.example"
AUDITOR = "auditor@riverside.example"
POLICE = "police@riverside.example"
CALLS = "calls@riverside.example"
MANAGER = "manager@riverside.example"

# Titles of the pages served instead of the one asked for (sign-in, error pages).
NOT_THE_PAGE = ("Sign in", "Page not found", "You do not have access", "Sorry", "There is a problem", "Too many")


def h1(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def path_of(driver, base_url):
    return driver.current_url[len(base_url):].split("?")[0]


def sign_out(driver):
    click_and_wait(driver, driver.find_element(By.XPATH, "//header//form//button[normalize-space()='Sign out']"))


def assert_signed_out_page(driver, base_url, check_axe=False):
    assert path_of(driver, base_url) == "/sign-in"
    assert "You have signed out." in driver.find_element(By.TAG_NAME, "main").text
    if check_axe:
        assert_no_axe_violations(driver)
    # Really signed out: a signed-in page sends us back to the sign-in page.
    driver.get(base_url + "/cases")
    assert path_of(driver, base_url) == "/sign-in"


def test_sign_in_and_out(driver, base_url):
    driver.get(base_url + "/sign-in")
    assert h1(driver) == "Sign in to Tandem"
    assert_no_axe_violations(driver)

    sign_in(driver, base_url, OFFICER)
    assert path_of(driver, base_url) == "/"
    assert h1(driver).startswith("Hello, ")
    assert_no_axe_violations(driver)

    sign_out(driver)
    assert_signed_out_page(driver, base_url, check_axe=True)


def test_wrong_password_shows_error(driver, base_url):
    sign_in(driver, base_url, OFFICER, "not-the-password")
    assert path_of(driver, base_url) == "/sign-in"
    summary = driver.find_element(By.CLASS_NAME, "error-summary")
    assert "The email address or password is not right" in summary.text
    assert not driver.find_elements(By.XPATH, "//button[normalize-space()='Sign out']")
    assert_no_axe_violations(driver)


def test_sign_in_and_out_without_javascript(nojs_driver, base_url):
    driver = nojs_driver
    # Prove page scripts really are off in this browser.
    driver.get("data:text/html,<title>off</title><script>document.title='on'</script>")
    assert driver.title == "off"
    sign_in(driver, base_url, OFFICER)
    assert path_of(driver, base_url) == "/"
    assert h1(driver).startswith("Hello, ")
    sign_out(driver)
    assert_signed_out_page(driver, base_url)


# (user, page): page is a path, or (list path, link selector) to follow a link.
PAGES = [
    (OFFICER, "/cases"),
    (OFFICER, ("/cases", "table a[href^='/cases/']")),
    (OFFICER, "/account/password"),
    (POLICE, "/"),
    (POLICE, "/cases"),
    (ADMIN, "/"),
    (ADMIN, "/admin/users"),
    (ADMIN, "/admin/users/new"),
    (ADMIN, ("/admin/users", "table a[href^='/admin/users/']")),
    (ADMIN, "/admin/organisations"),
    (ADMIN, "/admin/organisations/new"),
    (ADMIN, ("/admin/organisations", "table a[href^='/admin/organisations/']")),
    (ADMIN, "/audit"),
    (AUDITOR, "/audit"),
    (OFFICER, "/no-such-page"),
    (None, "/no-such-page"),
    (None, "/report"),
    (CALLS, "/"),
    (CALLS, "/triage"),
    (CALLS, ("/triage", "table a[href^='/triage/']")),
    (CALLS, "/reports/new"),
    (OFFICER, "/cases/mine"),
    (OFFICER, ("/cases/mine", "table a[href^='/cases/']")),
    (OFFICER, "/people"),
    (MANAGER, "/"),
    (MANAGER, "/cases/unallocated"),
    (MANAGER, ("/cases/unallocated", "table a[href^='/cases/']")),
    (ADMIN, "/admin/categories"),
    (ADMIN, "/admin/wards"),
    (ADMIN, "/admin/response-policy"),
    (ADMIN, "/admin/letters"),
    (ADMIN, ("/admin/letters", "table a[href^='/admin/letters/']")),
    (OFFICER, ("/cases/mine", "table a[href^='/cases/']")),
]


def page_id(param):
    user, page = param
    who = user.split("@")[0] if user else "anonymous"
    where = page if isinstance(page, str) else page[0] + "/<first>"
    return f"{who}:{where}"


@pytest.mark.parametrize("user,page", PAGES, ids=[page_id(p) for p in PAGES])
def test_page_has_no_axe_violations(driver, base_url, user, page):
    if user:
        sign_in(driver, base_url, user)
        assert h1(driver).startswith("Hello, "), f"{user} could not sign in"
    if isinstance(page, str):
        driver.get(base_url + page)
        expected = page
    else:
        list_path, css = page
        driver.get(base_url + list_path)
        link = driver.find_element(By.CSS_SELECTOR, css)
        expected = link.get_attribute("href")[len(base_url):]
        click_and_wait(driver, link)
    # The page is the one asked for, not a redirect to sign-in or a 403.
    assert path_of(driver, base_url) == expected
    if page == "/no-such-page":
        assert h1(driver) == "Page not found"
    else:
        assert not driver.title.startswith(NOT_THE_PAGE), driver.title
    assert_no_axe_violations(driver)


@pytest.mark.parametrize(
    "user,path,button",
    [
        (OFFICER, "/account/password", "Change password"),
        (ADMIN, "/admin/users/new", "Add user"),
        (ADMIN, "/admin/organisations/new", "Save organisation"),
        (None, "/report", "Send report"),
        (CALLS, "/reports/new", "Record report"),
        (CALLS, ("/triage", "table a[href^='/triage/']"), "Record decision"),
        (ADMIN, "/admin/categories", "Add category"),
        (ADMIN, "/admin/wards", "Add ward"),
        (ADMIN, "/admin/response-policy", "Add closure"),
    ],
)
def test_form_error_state_has_no_axe_violations(driver, base_url, user, path, button):
    if user:
        sign_in(driver, base_url, user)
    if isinstance(path, str):
        driver.get(base_url + path)
    else:
        driver.get(base_url + path[0])
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, path[1]))
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//button[normalize-space()='{button}']"))
    assert driver.find_elements(By.CLASS_NAME, "error-summary"), "an empty form should be refused"
    assert_no_axe_violations(driver)


def test_adding_a_user_shows_the_one_off_password_accessibly(driver, base_url):
    """The page that shows a new user's one-off password is only reached by a POST."""
    sign_in(driver, base_url, ADMIN)
    driver.get(base_url + "/admin/users/new")
    driver.find_element(By.NAME, "name").send_keys("Browser Test User")
    driver.find_element(By.NAME, "email").send_keys(f"browser.{int(time.time() * 1000)}@riverside.example")
    Select(driver.find_element(By.NAME, "organisation")).select_by_visible_text("Riverside Council ASB Team")
    driver.find_element(By.ID, "role-case_officer").click()
    click_and_wait(driver, driver.find_element(By.XPATH, "//main//button[normalize-space()='Add user']"))
    assert h1(driver) == "One-off password for Browser Test User"
    assert len(driver.find_element(By.CSS_SELECTOR, "code.password").text) == 23
    assert_no_axe_violations(driver)


def test_response_policy_error_state_is_accessible(driver, base_url):
    """A refused policy shows the message beside the field as well as in the summary."""
    sign_in(driver, base_url, ADMIN)
    driver.get(base_url + "/admin/response-policy")
    field = driver.find_element(By.ID, "high_limit")
    field.clear()
    field.send_keys("99")
    click_and_wait(driver, driver.find_element(By.XPATH, "//main//button[normalize-space()='Save response policy']"))
    assert driver.find_elements(By.CLASS_NAME, "error-summary")
    assert driver.find_element(By.ID, "high_limit-error").is_displayed()
    assert_no_axe_violations(driver)
