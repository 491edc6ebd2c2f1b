"""Browser journey for risk and vulnerability: an officer completes a Risk
Assessment Matrix that scores High; the RED tasks appear; the manager's
oversight view lists the case as due within 14 days; a police partner cannot
see the mental health record (404) while the officer can, and the audit trail
shows the officer's view. Every page and error state on the way is checked by axe."""

from datetime import date, datetime, timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_no_axe_violations, click_and_wait, click_button, h1, sign_in, switch_user

OFFICER = "officer@riverside.example"
MANAGER = "manager@riverside.example"
POLICE = "police@riverside.example"
AUDITOR = "auditor@riverside.example"
ADMIN = "admin@riverside.example"


def open_marsh_house(driver, base_url):
    """The demo's Marsh House noise case, shared with the police, from My cases."""
    driver.get(base_url + "/cases/mine")
    row = driver.find_element(By.XPATH, "//tr[td[contains(., 'Marsh House')]]")
    reference = row.find_element(By.CSS_SELECTOR, "a[href^='/cases/']")
    text = reference.text
    click_and_wait(driver, reference)
    return text, driver.current_url


def test_high_assessment_tasks_oversight_and_restricted_mental_health(driver, base_url):
    # The officer opens the case's risk page.
    sign_in(driver, base_url, OFFICER)
    reference, case_url = open_marsh_house(driver, base_url)
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Risk and vulnerability:"))
    assert h1(driver) == "Risk and vulnerability"
    assert_no_axe_violations(driver)
    risk_url = driver.current_url

    # An offer point recorded without choosing one is refused accessibly.
    click_button(driver, "Record: offer the assessment within 48 hours")
    assert driver.find_elements(By.CLASS_NAME, "error-summary")
    assert_no_axe_violations(driver)

    # The marker, home visit and safeguarding forms refuse empty submissions accessibly, details kept open.
    for summary_text, button in (
        ("Add a safety marker", "Add marker"),
        ("Log a home visit", "Log visit"),
        ("Raise a safeguarding concern", "Raise concern"),
    ):
        driver.get(risk_url)
        driver.find_element(By.XPATH, f"//summary[normalize-space()='{summary_text}']").click()
        click_button(driver, button)
        assert driver.find_elements(By.CLASS_NAME, "error-summary"), summary_text
        assert driver.find_element(By.XPATH, f"//summary[normalize-space()='{summary_text}']").is_displayed()
        assert_no_axe_violations(driver)

    # The scorecard: an empty submission lists every question; then the riskiest answers.
    driver.get(risk_url)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Start a vulnerability assessment"))
    assert_no_axe_violations(driver)
    click_button(driver, "Save assessment")
    summary = driver.find_element(By.CLASS_NAME, "error-summary").text
    assert "Answer question 1" in summary and "Answer question 14" in summary
    assert_no_axe_violations(driver)
    Select(driver.find_element(By.ID, "occasion")).select_by_visible_text("Review meeting")
    driver.find_element(By.ID, "outcome-completed").click()
    for number in range(1, 15):
        # Options run from most to least at risk: the first is the riskiest.
        driver.find_element(By.CSS_SELECTOR, f"fieldset#q{number} input[type='radio']").click()
    click_button(driver, "Save assessment")

    # The RED response, as tasks.
    assert h1(driver) == "Risk and vulnerability"
    tasks = driver.find_element(By.CLASS_NAME, "task-list").text
    for task in (
        "Refer to the vulnerable victims panel or ASB MARAC",
        "Make the line manager aware",
        "Contact the local police team and make them aware",
        "Weekly reassurance call, reassessing the risk",
        "Make referrals to the relevant agencies",
        "Develop an immediate action plan to reduce the risk",
    ):
        assert task in tasks, task
    assert driver.find_element(By.XPATH, "//table//strong[contains(@class,'tag--high')]").text.lower() == "high"
    assert "Waiting for a senior officer or team manager to confirm." in tasks
    assert_no_axe_violations(driver)
    mental_health_url = driver.find_element(By.PARTIAL_LINK_TEXT, "Mental health record for").get_attribute("href")

    # The officer's respondent and mental health forms, and their error states.
    driver.get(case_url.rstrip("/") + "/respondent-assessment/new")
    assert_no_axe_violations(driver)
    click_button(driver, "Save assessment")
    assert driver.find_elements(By.CLASS_NAME, "error-summary")
    assert_no_axe_violations(driver)
    driver.get(case_url.rstrip("/") + "/mental-health/new")
    assert_no_axe_violations(driver)
    click_button(driver, "Save record")
    assert driver.find_elements(By.CLASS_NAME, "error-summary")
    assert_no_axe_violations(driver)

    # The manager's oversight view lists the case, due within 14 days.
    switch_user(driver, base_url, MANAGER)
    driver.get(base_url + "/oversight")
    assert h1(driver) == "Oversight"
    row = driver.find_element(By.XPATH, f"//tr[td/a[normalize-space()='{reference}']]")
    due_text = row.find_elements(By.TAG_NAME, "td")[4].text.replace("Overdue", "").strip()
    due = datetime.strptime(due_text, "%d %b %Y").date()
    assert due <= date.today() + timedelta(days=14)
    assert_no_axe_violations(driver)
    # The manager sees the panel referral to confirm.
    driver.get(risk_url)
    assert driver.find_elements(By.XPATH, "//button[normalize-space()='Record decision']")
    assert_no_axe_violations(driver)

    # The police partner sees the case but not the mental health record.
    switch_user(driver, base_url, POLICE)
    driver.get(case_url)
    assert h1(driver) != "Page not found"
    driver.get(risk_url)
    assert not driver.find_elements(By.PARTIAL_LINK_TEXT, "Mental health record for")
    assert_no_axe_violations(driver)
    driver.get(mental_health_url)
    assert h1(driver) == "Page not found"

    # The officer can read it, and that view is in the audit trail.
    switch_user(driver, base_url, OFFICER)
    driver.get(mental_health_url)
    assert h1(driver) == "Mental health record"
    assert_no_axe_violations(driver)
    switch_user(driver, base_url, AUDITOR)
    driver.get(base_url + "/audit?record_type=mental_health_record")
    trail = driver.find_element(By.TAG_NAME, "table").text
    assert "Viewed mental health record on case" in trail
    assert OFFICER in trail


def test_risk_matrix_policy_page_and_error_state(driver, base_url):
    sign_in(driver, base_url, ADMIN)
    driver.get(base_url + "/admin/risk-matrix")
    assert h1(driver) == "Risk Assessment Matrix"
    assert_no_axe_violations(driver)
    field = driver.find_element(By.ID, "medium_maximum")
    field.clear()
    field.send_keys("5")
    click_button(driver, "Save bands")
    assert driver.find_element(By.ID, "medium_maximum-error").is_displayed()
    assert_no_axe_violations(driver)
