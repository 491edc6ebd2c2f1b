"""Browser journey for closing a case and reading the reports.

Jordan Reid (a demo case officer with a year of history) proposes closing one
of their cases; Jordan cannot sign it off; Priya Shah, a senior officer, does.
The closure letter states the reason and the right to ask for an ASB Case
Review. The reporting person answers the satisfaction survey through their
private link while the case is closing. The case then closes when the seven
days' notice ends: the test runs the closing sweep with the clock moved on
(`tandem cases close-due --at`), against the server's own database. The
monthly measures and the TP12 figure on the tenant satisfaction measures page
show the change, and axe checks every report page, its charts and its error
states.

Needs TANDEM_BIN and TANDEM_DATABASE_URL (scripts/test sets both)."""

import os
import subprocess
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_no_axe_violations, click_and_wait, click_button, h1, main_text, sign_in, switch_user

OFFICER = "jordan.reid@riverside.example"
MANAGER = "manager@riverside.example"
ADMIN = "admin@riverside.example"


def open_tab(driver, label):
    click_and_wait(
        driver, driver.find_element(By.XPATH, f"//nav[@aria-label='Case sections']//a[normalize-space()='{label}']")
    )


def measure(driver, base_url, label, query):
    """A figure from the monthly measures table."""
    driver.get(f"{base_url}/reports?{query}")
    cell = driver.find_element(By.XPATH, f"//table[@id='measures']//tr[th[normalize-space()='{label}']]/td[1]")
    return cell.text


def tp12_detail(driver, base_url):
    driver.get(base_url + "/reports/tsm")
    return driver.find_element(By.XPATH, "//table[@id='tsm']//tr[3]/td[2]").text


def answers(detail):
    """'3 of 7 answers very or fairly satisfied' -> 7."""
    return int(detail.split(" of ")[1].split(" ")[0])


def close_due(at):
    binary = os.environ.get("TANDEM_BIN")
    database = os.environ.get("TANDEM_DATABASE_URL")
    if not binary or not database:
        pytest.fail("TANDEM_BIN and TANDEM_DATABASE_URL must point at the server under test")
    result = subprocess.run(
        [binary, "cases", "close-due", "--at", at.strftime("%Y-%m-%dT%H:%M:%SZ")],
        env={**os.environ, "DATABASE_URL": database},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_closure_sign_off_notice_survey_and_reports(driver, base_url):
    today = date.today()
    period = f"from={today.replace(day=1).isoformat()}&to={(today + timedelta(days=40)).isoformat()}"

    # Before: the figures the journey will change.
    sign_in(driver, base_url, MANAGER)
    closed_before = int(measure(driver, base_url, "Cases closed", period))
    tp12_before = answers(tp12_detail(driver, base_url))

    # 1. The officer opens a case from My cases and proposes closure; a missing reason is refused.
    switch_user(driver, base_url, OFFICER)
    driver.get(base_url + "/cases/mine")
    # The demo has closures already waiting for sign-off: take the first case in the list without one.
    rows = [
        (a.text, a.get_attribute("href"))
        for a in driver.find_elements(By.CSS_SELECTOR, "main table a[href^='/cases/']")
    ]
    for reference, href in rows:
        driver.get(href)
        open_tab(driver, "Closure")
        if driver.find_elements(By.XPATH, "//main//button[normalize-space()='Propose closure']"):
            break
    assert h1(driver) == "Closing the case"
    assert_no_axe_violations(driver)
    click_button(driver, "Propose closure")
    assert driver.find_elements(By.CLASS_NAME, "error-summary")
    assert "Select the reason for closing the case" in main_text(driver)
    assert_no_axe_violations(driver)
    driver.find_element(By.ID, "reason-reporting_person_satisfied").click()
    driver.find_element(By.ID, "summary").send_keys("The behaviour stopped after the warning; the resident agrees.")
    click_button(driver, "Propose closure")
    assert "Closure proposed" in main_text(driver)
    # The officer cannot sign off their own proposal: no decision form, and the reason why.
    assert not driver.find_elements(By.ID, "decision-sign-off")
    assert "a senior officer other than you signs it off" in driver.find_element(By.ID, "why-not").text
    case_path = urlparse(driver.current_url).path

    # 2. The reporting person gets a private link (while the case is still theirs to work).
    open_tab(driver, "Letters and resident access")
    select = Select(driver.find_element(By.ID, "link_party"))
    select.select_by_index(0)
    Select(driver.find_element(By.ID, "link_channel")).select_by_visible_text("Email")
    driver.find_element(By.ID, "link_recipient").send_keys("resident@example.org")
    click_button(driver, "Issue the link and code")
    resident_url = base_url + urlparse(driver.find_element(By.ID, "issued-url").text.strip()).path
    code = driver.find_element(By.ID, "issued-code").text.strip()

    # 3. The senior officer finds it in their inbox and signs it off in two clicks (the closure link, then the
    #    decision): the case is closing, with the letter.
    switch_user(driver, base_url, MANAGER)
    assert "Closures waiting for your sign-off" in main_text(driver)
    assert_no_axe_violations(driver)
    click_and_wait(
        driver,
        driver.find_element(
            By.XPATH,
            f"//h3[@id='sign-off-closures']/following-sibling::table[1]//a[starts-with(normalize-space(), '{reference}')]",
        ),
    )
    assert urlparse(driver.current_url).path == case_path
    assert_no_axe_violations(driver)
    driver.find_element(By.ID, "decision-sign-off").click()
    click_button(driver, "Record the decision")
    assert "Closure signed off" in main_text(driver)
    assert driver.find_element(By.ID, "case-status").text == "Closure pending"
    closes = driver.find_element(By.XPATH, "//dl[@id='notice']//div[dt[normalize-space()='Closes']]/dd").text
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.ID, "closure-letter"))
    letter = driver.find_element(By.ID, "letter-body").text
    assert "intend to close your case" in letter
    assert "ASB Case Review" in letter
    assert "reporting person satisfied" in letter
    assert_no_axe_violations(driver)

    # 4. The resident answers the survey online: a wrong answer first, then a real one.
    driver.delete_all_cookies()
    driver.get(resident_url)
    driver.find_element(By.ID, "code").send_keys(code)
    click_button(driver, "Continue")
    assert "We intend to close your case" in main_text(driver)
    click_and_wait(driver, driver.find_element(By.ID, "survey-link"))
    assert h1(driver) == "How did we do?"
    assert_no_axe_violations(driver)
    click_button(driver, "Send my answers")
    assert "Answer at least one question" in main_text(driver)
    assert_no_axe_violations(driver)
    for key, value in [("q_handling", 5), ("q_outcome", 4), ("q_empathy", 5), ("q_support", 4), ("q_contact", 4), ("q_tp12", 5)]:
        driver.find_element(By.ID, f"{key}-{value}").click()
    click_button(driver, "Send my answers")
    assert "Thank you for answering our survey" in main_text(driver)

    # 5. Seven days later (the clock moved on) the notice has ended and the sweep closes the case.
    moved = datetime.now(timezone.utc) + timedelta(days=7, hours=1)
    output = close_due(moved)
    assert reference in output
    sign_in(driver, base_url, MANAGER)
    driver.get(base_url + case_path)
    assert driver.find_element(By.ID, "case-status").text == "Closed"
    assert driver.find_element(By.ID, "closed-at").text == closes
    assert "Reporting person, Online through the resident's link" in main_text(driver)
    assert_no_axe_violations(driver)

    # 6. The reports show the change.
    assert int(measure(driver, base_url, "Cases closed", period)) == closed_before + 1
    assert answers(tp12_detail(driver, base_url)) == tp12_before + 1


def test_every_report_page_passes_axe_with_its_charts(driver, base_url):
    sign_in(driver, base_url, MANAGER)
    for path, heading in [
        ("/reports", "Monthly measures"),
        ("/reports/council", "Council statistics"),
        ("/reports/tsm", "Tenant satisfaction measures"),
        ("/reports/repeat-callers", "Repeat callers"),
        ("/cases/closure-candidates", "Cases ready to close"),
    ]:
        driver.get(base_url + path)
        assert h1(driver) == heading
        assert_no_axe_violations(driver)
    # The charts are images with their figures in words, and a table beside them.
    driver.get(base_url + "/reports")
    charts = driver.find_elements(By.CSS_SELECTOR, "svg[role='img']")
    assert len(charts) >= 3
    assert driver.find_element(By.ID, "chart-trend-desc").get_attribute("textContent").strip()
    assert driver.find_elements(By.ID, "trend")
    # A period the wrong way round is refused with a message, and the page still passes axe.
    driver.get(base_url + "/reports?from=2026-05-01&to=2026-04-01")
    assert "The last day must be on or after the first day" in main_text(driver)
    assert_no_axe_violations(driver)
    # The repeat callers page filtered by ward.
    driver.get(base_url + "/reports/repeat-callers")
    Select(driver.find_element(By.ID, "ward")).select_by_index(1)
    click_button(driver, "Show")
    assert h1(driver) == "Repeat callers"
    assert_no_axe_violations(driver)


def test_admin_sets_closure_policy_and_homes_owned(driver, base_url):
    sign_in(driver, base_url, ADMIN)
    driver.get(base_url + "/admin/reporting")
    assert h1(driver) == "Closure and reporting"
    assert_no_axe_violations(driver)
    field = driver.find_element(By.ID, "target")
    field.clear()
    field.send_keys("101")
    click_button(driver, "Save the policy")
    assert "Enter the satisfaction target as a percentage from 1 to 100" in main_text(driver)
    assert_no_axe_violations(driver)
    field = driver.find_element(By.ID, "target")
    field.clear()
    field.send_keys("60")
    click_button(driver, "Save the policy")
    assert "Reporting settings saved" in main_text(driver)
