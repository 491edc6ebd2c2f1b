"""Browser journey for referrals inside Tandem (issue 19, item 4) on the demo's
Canal Street referral to Riverside Victim Support: the practitioner finds it in
Referrals to us, sees the case's reference but not the case, tries to decline
without a reason (refused, with the error shown), then accepts it and can open
the case; the referring officer sees the acceptance. Every page and error
state is checked by axe."""

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

OFFICER = "officer@riverside.example"
VICTIMS = "victims@riverside.example"
CANAL = "ASB-2026-00004"


def test_victim_support_answers_a_referral(driver, base_url):
    # The officer's address for the case, and the Victim Support practitioner cannot open it yet.
    sign_in(driver, base_url, OFFICER)
    case_url = open_case(driver, base_url, CANAL)
    switch_user(driver, base_url, VICTIMS)
    driver.get(case_url)
    assert h1(driver) == "Page not found"

    # The queue, reached from the navigation.
    driver.get(base_url + "/")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Referrals to us"))
    assert h1(driver) == "Referrals to us"
    assert CANAL in main_text(driver)
    assert "Emotional support for Mr Finch" in main_text(driver)
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//a[contains(., '{CANAL}')]"))
    assert h1(driver) == "Referral to Victim Support"
    page = main_text(driver)
    assert "Sam Okafor" in page and "Others on the case" in page
    assert "open the case" not in page
    assert_no_axe_violations(driver)

    # Declining needs a reason: refused, with the choice kept and the error linked.
    driver.find_element(By.ID, "answer-declined").click()
    click_button(driver, "Send your answer")
    summary = driver.find_element(By.CLASS_NAME, "error-summary").text
    assert "Enter why you are declining the referral" in summary
    assert driver.find_element(By.ID, "answer-declined").is_selected()
    assert_no_axe_violations(driver)

    # Accepting shares the case: the page now links it, and it opens.
    driver.find_element(By.ID, "answer-accepted").click()
    click_button(driver, "Send your answer")
    assert "Accepted by" in main_text(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "open the case"))
    assert h1(driver) != "Page not found"
    assert CANAL in driver.title or CANAL in main_text(driver)
    assert_no_axe_violations(driver)

    # The referring officer sees who accepted it.
    switch_user(driver, base_url, OFFICER)
    driver.get(case_url + "/support")
    assert "Accepted by Lucy Brennan (Riverside Victim Support)" in main_text(driver)
    assert_no_axe_violations(driver)
