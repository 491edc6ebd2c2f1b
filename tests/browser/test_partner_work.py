"""Browser checks for partner-owned work (issue 19, items 3 and 5) on the demo's
Canal Street case, shared with the police: the action form's owner lists and
its error state, a risk task given to the police, and the police
practitioner's home, plan, risk and evidence pages. Each page and error state
is checked by axe."""

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
POLICE_NAME = "Riverside Safer Neighbourhoods Police"
ACTION = "Check police calls to 8 Canal Street"
CANAL = "ASB-2026-00004"


def test_partner_owned_action_task_and_evidence(driver, base_url):
    # The officer's action form: a partner owner without an organisation is refused, with what was typed kept.
    sign_in(driver, base_url, OFFICER)
    case_url = open_case(driver, base_url, CANAL)
    driver.get(case_url + "/plan")
    if not driver.find_elements(By.ID, "action_description"):
        driver.find_element(By.XPATH, "//summary[contains(., 'Draw up the action plan')]").click()
        click_button(driver, "Draw up the plan")
    driver.find_element(By.ID, "action_description").send_keys(ACTION)
    Select(driver.find_element(By.ID, "action_owner")).select_by_visible_text("Partner organisation")
    due = date.today() + timedelta(days=7)
    driver.execute_script("document.getElementById('action_due_on').value = arguments[0]", due.isoformat())
    click_button(driver, "Add the action")
    assert "Select the partner organisation that owns the action" in driver.find_element(
        By.CLASS_NAME, "error-summary"
    ).text
    assert driver.find_element(By.ID, "action_description").get_attribute("value") == ACTION
    assert_no_axe_violations(driver)
    Select(driver.find_element(By.ID, "action_owner_organisation")).select_by_visible_text(POLICE_NAME)
    click_button(driver, "Add the action")
    row = driver.find_element(By.XPATH, f"//main//tr[td[normalize-space()='{ACTION}']]")
    assert POLICE_NAME in row.text
    assert_no_axe_violations(driver)

    # A risk task given to the police, when the case has one open.
    driver.get(case_url + "/risk")
    assign = driver.find_elements(By.XPATH, "//main//form[.//button[normalize-space()='Give the task']]")
    given = bool(assign)
    if given:
        Select(assign[0].find_element(By.TAG_NAME, "select")).select_by_visible_text(POLICE_NAME)
        click_and_wait(driver, assign[0].find_element(By.TAG_NAME, "button"))
        assert "Task assigned." in main_text(driver)
        assert "Given to: " + POLICE_NAME in main_text(driver)
    assert_no_axe_violations(driver)

    # The police practitioner: home, their action marked done, the risk and evidence tabs.
    switch_user(driver, base_url, POLICE)
    assert "Our shared work" in main_text(driver)
    driver.get(base_url + "/partnership")
    assert h1(driver) == "Our shared work"
    assert ACTION in main_text(driver)
    assert_no_axe_violations(driver)
    click_and_wait(
        driver, driver.find_element(By.XPATH, f"//main//tr[td[normalize-space()='{ACTION}']]//a"))
    assert h1(driver) == "Plan and contact"
    assert not driver.find_elements(By.ID, "action_description")
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.XPATH, f"//button[@aria-label='Mark as done: {ACTION}']"))
    assert "Marked as done." in main_text(driver)
    driver.get(case_url + "/risk")
    if given:
        assert "Given to: " + POLICE_NAME in main_text(driver)
    assert_no_axe_violations(driver)
    driver.get(case_url + "/evidence")
    assert driver.find_elements(By.XPATH, "//main//button[normalize-space()='Add to the register']")
    assert_no_axe_violations(driver)
