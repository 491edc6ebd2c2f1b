"""Browser journey for partnership (issue 19) on the demo's Heron Court case,
which the police cannot see at first. The administrator checks the register
of information sharing agreements; the case officer shares the case with the
police under the borough-wide agreement (after one refused attempt) and gives
the police an action; the police practitioner finds the case on Our shared
work, adds a case note and completes the action; the officer sees both on the
timeline and revokes the share; the police practitioner now gets "Page not
found"; the disclosure log shows the share and the revocation. Every new page
and error state is checked by axe."""

from datetime import date, timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

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

OFFICER = "officer@riverside.example"
POLICE = "police@riverside.example"
ADMIN = "admin@riverside.example"
HERON = "ASB-2026-00005"
BOROUGH = "Riverside Community Safety Partnership information sharing agreement"
POLICE_NAME = "Riverside Safer Neighbourhoods Police"


def test_share_work_revoke_and_disclosure_log(driver, base_url):
    # The register, as the administrator keeps it, and its form's error state.
    sign_in(driver, base_url, ADMIN)
    driver.get(base_url + "/admin/agreements")
    assert h1(driver) == "Information sharing agreements"
    assert BOROUGH in main_text(driver)
    assert_no_axe_violations(driver)
    driver.get(base_url + "/admin/agreements/new")
    click_button(driver, "Save agreement")
    assert h1(driver) == "Add an information sharing agreement"
    assert "Select at least two organisations" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)

    # The police cannot see Heron Court yet.
    switch_user(driver, base_url, OFFICER)
    case_url = open_case(driver, base_url, HERON)
    switch_user(driver, base_url, POLICE)
    driver.get(case_url)
    assert h1(driver) == "Page not found"

    # The officer shares it: a first attempt without consent decisions is refused and keeps what was typed.
    switch_user(driver, base_url, OFFICER)
    driver.get(case_url + "/sharing")
    assert h1(driver) == "Sharing"
    assert_no_axe_violations(driver)
    Select(driver.find_element(By.ID, "organisation_id")).select_by_visible_text(POLICE_NAME)
    driver.find_element(By.XPATH, f"//label[normalize-space()='{BOROUGH}']").click()
    driver.find_element(By.ID, "purpose").send_keys("Joint patrols and youth outreach at the stairwell")
    for section in ("reports", "casework"):
        driver.find_element(By.ID, f"section-{section}").click()
    click_button(driver, "Share the case")
    assert "Select whether this person gave consent" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert driver.find_element(By.ID, "purpose").get_attribute("value").startswith("Joint patrols")
    assert_no_axe_violations(driver)
    for radio in driver.find_elements(By.CSS_SELECTOR, "input[type=radio][value=given]"):
        radio.click()
    click_button(driver, "Share the case")
    main = main_text(driver)
    assert "Case shared" in main
    assert POLICE_NAME in main

    # An action for the police on the plan (drawn up first if the case has none).
    driver.get(case_url + "/plan")
    if not driver.find_elements(By.ID, "action_description"):
        driver.find_element(By.XPATH, "//summary[contains(., 'Draw up the action plan')]").click()
        click_button(driver, "Draw up the plan")
    driver.find_element(By.ID, "action_description").send_keys("Police patrol of the stairwell each evening")
    Select(driver.find_element(By.ID, "action_owner")).select_by_visible_text("Partner organisation")
    Select(driver.find_element(By.ID, "action_owner_organisation")).select_by_visible_text(POLICE_NAME)
    due = date.today() + timedelta(days=14)
    driver.execute_script("document.getElementById('action_due_on').value = arguments[0]", due.isoformat())
    click_button(driver, "Add the action")
    assert "Police patrol of the stairwell" in main_text(driver)

    # The police practitioner finds it on Our shared work, adds a note and completes the action.
    switch_user(driver, base_url, POLICE)
    driver.get(base_url + "/partnership")
    assert h1(driver) == "Our shared work"
    assert HERON in main_text(driver)
    assert_no_axe_violations(driver)
    driver.get(case_url)
    assert h1(driver) != "Page not found"
    driver.find_element(By.ID, "note").send_keys("PCSOs will patrol the stairwell from 6pm this week.")
    click_button(driver, "Add note")
    assert "PCSOs will patrol the stairwell" in main_text(driver)
    assert_no_axe_violations(driver)
    driver.get(case_url + "/plan")
    click_and_wait(
        driver,
        driver.find_element(
            By.XPATH, "//button[@aria-label='Mark as done: Police patrol of the stairwell each evening']"))
    assert "Marked as done" in main_text(driver)
    assert_no_axe_violations(driver)

    # The officer sees both on the timeline, then revokes the share.
    switch_user(driver, base_url, OFFICER)
    driver.get(case_url)
    main = main_text(driver)
    assert "PCSOs will patrol the stairwell" in main
    assert POLICE_NAME in main
    driver.get(case_url + "/plan")
    row = driver.find_element(By.XPATH, "//tr[td[contains(., 'Police patrol of the stairwell')]]")
    assert "Done" in row.text
    driver.get(case_url + "/sharing")
    share = driver.find_element(By.XPATH, f"//li[contains(., '{POLICE_NAME}') and .//form]")
    share.find_element(By.TAG_NAME, "textarea").send_keys("The youth outreach is now led by youth offending.")
    click_and_wait(driver, share.find_element(By.TAG_NAME, "button"))
    assert "Share revoked" in main_text(driver)

    # The police practitioner has lost the case at once.
    switch_user(driver, base_url, POLICE)
    driver.get(case_url)
    assert h1(driver) == "Page not found"
    driver.get(base_url + "/partnership")
    assert HERON not in main_text(driver)

    # The disclosure log shows all of it.
    switch_user(driver, base_url, OFFICER)
    driver.get(case_url + "/disclosures")
    log = driver.find_element(By.TAG_NAME, "table").text
    assert "Shared" in log and "Share revoked" in log
    assert POLICE_NAME in log and BOROUGH in log
    assert "The youth outreach is now led by youth offending." in log
    assert_no_axe_violations(driver)
