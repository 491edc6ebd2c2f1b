"""Browser journey for retention and disposal (issue 23): the information
governance lead finds the demo's batch the nightly job prepared, sees the case
under a legal hold left out of it, sets and lifts a hold with its error states,
approves the batch, and the case file's personal data is gone while the audit
trail still verifies, from the command line and on the auditor's check page.
Axe checks every new page and its error states.

Needs TANDEM_BIN and TANDEM_DATABASE_URL (scripts/test sets both)."""

import os
import subprocess

import pytest
from selenium.webdriver.common.by import By

from conftest import (
    assert_no_axe_violations,
    click_and_wait,
    click_button,
    h1,
    main_text,
    open_case,
    sign_in,
    switch_user,
)

LEAD = "governance@riverside.example"
AUDITOR = "auditor@riverside.example"
OFFICER = "officer@riverside.example"
PAST_RETENTION = "ASB-2019-00001"
HELD = "ASB-2019-00002"


def tandem(*arguments):
    binary = os.environ.get("TANDEM_BIN")
    database = os.environ.get("TANDEM_DATABASE_URL")
    if not binary or not database:
        pytest.fail("TANDEM_BIN and TANDEM_DATABASE_URL must point at the server under test")
    result = subprocess.run(
        [binary, *arguments],
        env={**os.environ, "DATABASE_URL": database},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def fill(driver, element_id, text):
    element = driver.find_element(By.ID, element_id)
    element.clear()
    element.send_keys(text)


def test_disposal_approved_and_the_audit_chain_still_verifies(driver, base_url):
    # The dry run lists the case past retention and the one held, and prepares nothing.
    dry = tandem("retention", "--dry-run")
    assert "Case file: 72 months after the case's closure: 1 due, 1 under a legal hold" in dry
    assert "dry run" in dry

    sign_in(driver, base_url, LEAD)
    click_and_wait(driver, driver.find_element(By.XPATH, "//nav//a[normalize-space()='Retention']"))
    assert h1(driver) == "Retention and disposal"
    text = main_text(driver)
    assert "County Court claim" in text and HELD in text
    assert_no_axe_violations(driver)

    # A hold without a reason or review date is refused, keeping what was typed.
    fill(driver, "case_reference", "ASB-2026-00002")
    click_button(driver, "Set the hold")
    assert h1(driver) == "Retention and disposal"
    summary = driver.find_element(By.CLASS_NAME, "error-summary").text
    assert "Enter why the hold is set" in summary
    assert "Enter the date the hold is to be reviewed" in summary
    assert driver.find_element(By.ID, "case_reference").get_attribute("value") == "ASB-2026-00002"
    assert_no_axe_violations(driver)

    # Set properly, then lifted with a reason.
    fill(driver, "reason", "Insurance claim by the reporting person")
    driver.execute_script("document.getElementById('review_on').value = '2027-09-30'")
    click_button(driver, "Set the hold")
    assert "Legal hold set" in main_text(driver)
    holds = driver.find_element(By.ID, "holds").text
    assert "ASB-2026-00002" in holds and "Insurance claim" in holds
    row = driver.find_element(By.XPATH, "//table[@id='holds']//tr[td[contains(., 'ASB-2026-00002')]]")
    row.find_element(By.CSS_SELECTOR, "input[type='text']").send_keys("Claim settled")
    click_and_wait(driver, row.find_element(By.XPATH, ".//button"))
    assert "Legal hold lifted" in main_text(driver)
    assert "Insurance claim" not in driver.find_element(By.ID, "holds").text

    # The batch the nightly job prepared holds the case past retention, not the one held.
    click_and_wait(driver, driver.find_element(By.XPATH, "//table[@id='due']//a[contains(., 'Waiting for approval')]"))
    assert h1(driver) == "Disposal batch: Case file"
    items = driver.find_element(By.ID, "batch-items").text
    assert PAST_RETENTION in items and HELD not in items
    assert "the nightly retention job" in main_text(driver)
    assert_no_axe_violations(driver)

    # Approving without confirming is refused; confirmed, it is carried out.
    click_button(driver, "Approve and dispose")
    assert "Confirm that the records in this batch are to be destroyed" in main_text(driver)
    assert_no_axe_violations(driver)
    driver.find_element(By.ID, "confirm").click()
    click_button(driver, "Approve and dispose")
    assert "Disposal carried out" in main_text(driver)
    assert driver.find_element(By.ID, "batch-status").text == "Disposed of"
    assert "audit events' personal content blanked" in driver.find_element(By.ID, "batch-outcome").text
    assert_no_axe_violations(driver)

    # The register keeps the line without naming anyone.
    driver.find_element(By.LINK_TEXT, "Back to retention and disposal").click()
    register = driver.find_element(By.ID, "register").text
    assert "Case file: 72 months after the case's closure" in register and "Disposed of" in register
    assert "Doreen Walsh" not in driver.page_source

    # The case file no longer holds the reporting person, the respondent or what was reported.
    switch_user(driver, base_url, OFFICER)
    open_case(driver, base_url, PAST_RETENTION)
    page = driver.page_source
    assert "Case file disposed of" in page
    for detail in ["Doreen Walsh", "Gary Holt", "6 Elm Parade", "07700 900800", "Elm Parade steps"]:
        assert detail not in page, detail
    assert_no_axe_violations(driver)

    # The audit trail verifies, and says what was disposed of under which rule.
    verified = tandem("audit", "verify")
    assert "chain intact" in verified
    assert "disposed of under rule Case file: 72 months after the case's closure" in verified
    switch_user(driver, base_url, AUDITOR)
    driver.get(base_url + "/audit")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Check the chain"))
    assert h1(driver) == "Audit trail check"
    assert "The chain is intact" in main_text(driver)
    assert "Case file: 72 months after the case's closure" in driver.find_element(By.ID, "disposed").text
    assert_no_axe_violations(driver)
