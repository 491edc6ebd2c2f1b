"""Browser journey for legal action on the demo's Marsh House case: the
officer records a written warning (support offered), tries to instruct a
civil injunction and is stopped; completes the proportionality review, which
shows the warning already given; cannot sign it off as the case officer; the
senior officer signs it off; the officer records the instruction, a granted
hearing and the order with a power of arrest and a two-year expiry; the
extension reminder is scheduled eight weeks before; a breach is logged; the
legal register counts it. axe checks every page on the way."""

from datetime import date, timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_no_axe_violations, click_and_wait
from test_casework import (
    civil,
    click_button,
    fill,
    has_error_summary,
    main_text,
    open_marsh_house,
    open_tab,
    select_containing,
    set_value,
    switch_user,
)

OFFICER = "officer@riverside.example"
MANAGER = "manager@riverside.example"


def test_injunction_from_refusal_to_register(driver, base_url):
    switch_user(driver, base_url, OFFICER)
    _, case_url = open_marsh_house(driver, base_url)

    # 1. A written warning to the respondent: support and early action come first.
    open_tab(driver, "Interventions and referrals")
    Select(driver.find_element(By.ID, "kind")).select_by_value("written_warning")
    select_containing(driver, "party_id", "Kevin Doyle")
    click_button(driver, "Record the intervention")
    assert not has_error_summary(driver), main_text(driver)

    # 2. The Enforcement tab lists the powers and what each still needs.
    open_tab(driver, "Enforcement")
    assert "Powers and what each still needs" in main_text(driver)
    assert_no_axe_violations(driver)

    # 3. Trying to instruct a civil injunction without a review is stopped.
    driver.get(case_url + "/measures/new?power=civil_injunction")
    assert "This power cannot be recorded yet" in main_text(driver)
    assert_no_axe_violations(driver)
    Select(driver.find_element(By.ID, "likelihood")).select_by_value("strong")
    Select(driver.find_element(By.ID, "scope")).select_by_value("individual")
    click_button(driver, "Record Civil injunction (Part 1, 2014 Act)")
    assert has_error_summary(driver)
    assert "Complete the proportionality review for this power" in main_text(driver)
    assert_no_axe_violations(driver)

    # 4. The review starts from what the case shows: the warning already given.
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Start the proportionality review"))
    assert "What the case shows" in main_text(driver)
    help_given = driver.find_element(By.ID, "q_help_given").get_attribute("value")
    assert "Written warning" in help_given
    assert_no_axe_violations(driver)
    # Sent without the checklist, the review comes back with its errors.
    click_button(driver, "Send for sign-off")
    assert has_error_summary(driver)
    assert_no_axe_violations(driver)
    for area in driver.find_elements(By.CSS_SELECTOR, "main textarea"):
        if not area.get_attribute("value").strip():
            area.send_keys("Considered with the case file; see the notes.")
    for box in driver.find_elements(By.CSS_SELECTOR, "main input[type=checkbox]"):
        if not box.is_selected():
            box.click()
    click_button(driver, "Send for sign-off")
    assert not has_error_summary(driver), main_text(driver)
    review_url = driver.current_url
    # The case officer cannot sign off their own case's review.
    assert "The case officer cannot sign off their own case's review" in main_text(driver)
    assert not driver.find_elements(By.XPATH, "//button[normalize-space()='Record the decision']")
    assert_no_axe_violations(driver)

    # 5. The senior officer signs it off.
    switch_user(driver, base_url, MANAGER)
    driver.get(review_url)
    assert_no_axe_violations(driver)
    driver.find_element(By.ID, "decision-sign-off").click()
    fill(driver, "reason", "Support offered and refused; the injunction is proportionate.")
    click_button(driver, "Record the decision")
    assert "Signed off and current" in main_text(driver)
    assert_no_axe_violations(driver)

    # 6. Now the officer records the instruction.
    switch_user(driver, base_url, OFFICER)
    driver.get(case_url + "/measures/new?power=civil_injunction")
    assert "Every prerequisite for this power is met" in main_text(driver)
    today = date.fromisoformat(driver.find_element(By.ID, "instructed_on").get_attribute("value"))
    Select(driver.find_element(By.ID, "likelihood")).select_by_value("strong")
    Select(driver.find_element(By.ID, "scope")).select_by_value("individual")
    fill(driver, "likelihood_notes", "Legal services: good prospects on the diary and two witnesses.")
    click_button(driver, "Record Civil injunction (Part 1, 2014 Act)")
    assert not has_error_summary(driver), main_text(driver)
    measure = driver.find_element(By.XPATH, "//li[starts-with(@id, 'measure-')][.//strong[contains(., 'Civil injunction')]]")
    measure_id = measure.get_attribute("id")[len("measure-"):]

    # 7. A hearing that grants it.
    scope = f"//li[@id='measure-{measure_id}']"
    driver.find_element(By.XPATH, f"{scope}//summary[normalize-space()='Record a hearing']").click()
    fill(driver, f"court-{measure_id}", "Riverside County Court")
    Select(driver.find_element(By.ID, f"hearing-type-{measure_id}")).select_by_value("first")
    Select(driver.find_element(By.ID, f"outcome-{measure_id}")).select_by_value("granted")
    click_button(driver, "Record the hearing", scope=scope)
    assert not has_error_summary(driver), main_text(driver)

    # 8. The order: prohibitions with a power of arrest, two years.
    expires = date(today.year + 2, today.month, min(today.day, 28))
    driver.find_element(By.XPATH, f"{scope}//summary[normalize-space()='Record the order the court made']").click()
    set_value(driver, f"expires-on-{measure_id}", expires.isoformat())
    fill(driver, f"prohibitions-{measure_id}", "Not to enter Marsh House. Not to contact Maria Lopez.")
    driver.find_element(By.ID, f"arrest-{measure_id}").click()
    fill(driver, f"arrest-terms-{measure_id}", "Both prohibitions")
    click_button(driver, "Record the order", scope=scope)
    assert not has_error_summary(driver), main_text(driver)
    text = main_text(driver)
    assert "Power of arrest" in text
    reminder = expires - timedelta(weeks=8)
    assert f"Reminder to consider extending: {civil(reminder)}" in text
    assert f"until {civil(expires)}" in text
    assert_no_axe_violations(driver)

    # 9. A breach is logged.
    order = driver.find_element(By.XPATH, f"{scope}//div[starts-with(@id, 'order-')]")
    order_id = order.get_attribute("id")[len("order-"):]
    order.find_element(By.XPATH, ".//summary[normalize-space()='Log a breach of this order']").click()
    fill(driver, f"breach-evidence-{order_id}", "Seen at the door by two neighbours.")
    driver.find_element(By.ID, f"breach-police-{order_id}").click()
    fill(driver, f"breach-ref-{order_id}", "CAD 9001")
    click_button(driver, "Log the breach", scope=f"//div[@id='order-{order_id}']")
    assert not has_error_summary(driver), main_text(driver)
    assert "CAD 9001" in main_text(driver)

    # 10. The register counts it, and the CSV carries the same count.
    driver.get(base_url + "/legal")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Legal register"
    row = driver.find_element(By.XPATH, "//table//tr[th[normalize-space()='Civil injunction – individual']]")
    total = int(row.find_elements(By.TAG_NAME, "td")[-1].text)
    assert total >= 2  # the demo's Canal Street injunction and this one
    assert_no_axe_violations(driver)


def test_admin_powers_pages_pass_axe(driver, base_url):
    switch_user(driver, base_url, "admin@riverside.example")
    driver.get(base_url + "/admin/powers")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Legal powers"
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Community Protection Notice"))
    assert "A written warning was given first" in main_text(driver)
    assert_no_axe_violations(driver)
    # An empty name is refused with a message, and the error page passes axe too.
    fill(driver, "name", "")
    click_button(driver, "Save")
    assert has_error_summary(driver)
    assert_no_axe_violations(driver)
