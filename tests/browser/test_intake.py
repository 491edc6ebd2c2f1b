"""Browser journey for intake: a resident reports (anonymously and named), a
call handler triages and opens a case, a manager allocates it, the officer
sees it in My cases with the right deadline, and a second report about the
same respondent joins the same case. Every page on the way is checked by axe."""

import re
import time
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_no_axe_violations, click_and_wait, sign_in

CALLS = "calls@riverside.example"
MANAGER = "manager@riverside.example"
OFFICER = "officer@riverside.example"

# England and Wales bank holidays (gov.uk) for the years this test can run in;
# Tandem computes them by rule, this list checks it independently.
BANK_HOLIDAYS = {
    date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25),
    date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28),
    date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 3), date(2027, 5, 31),
    date(2027, 8, 30), date(2027, 12, 27), date(2027, 12, 28),
    date(2028, 1, 3), date(2028, 4, 14), date(2028, 4, 17), date(2028, 5, 1), date(2028, 5, 29),
    date(2028, 8, 28), date(2028, 12, 25), date(2028, 12, 26),
}


def is_working_day(day):
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def high_risk_due(received):
    """One working day, keeping the time of day; out of office hours (09:00 to
    17:00) the count starts at the next opening."""
    start = received
    if not is_working_day(start.date()) or start.time() >= dt_time(17, 0):
        start = datetime.combine(next_working_day(start.date()), dt_time(9, 0))
    elif start.time() < dt_time(9, 0):
        start = datetime.combine(start.date(), dt_time(9, 0))
    return datetime.combine(next_working_day(start.date()), start.time())


def next_working_day(day):
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def switch_user(driver, base_url, email):
    """Sign in as someone else: forget the current session first."""
    driver.get(base_url + "/report")
    driver.delete_all_cookies()
    sign_in(driver, base_url, email)


def main_text(driver):
    return driver.find_element(By.TAG_NAME, "main").text


def click_label(driver, text):
    driver.find_element(By.XPATH, f"//main//label[normalize-space()='{text}']").click()


def submit(driver, text):
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//button[normalize-space()='{text}']"))


def fill_public_report(driver, base_url, kind_label, fields):
    driver.get(base_url + "/report")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Report anti-social behaviour"
    click_label(driver, kind_label)
    today = datetime.now(ZoneInfo("Europe/London")).date()
    values = {
        "behaviour_day": str(today.day), "behaviour_month": str(today.month), "behaviour_year": str(today.year),
        **fields,
    }
    for name, value in values.items():
        driver.find_element(By.NAME, name).send_keys(value)
    driver.find_element(By.ID, "happening_now-no").click()
    click_label(driver, "Noise")
    submit(driver, "Send report")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Report received"
    reference = re.search(r"RPT-\d{4}-\d{5}", main_text(driver)).group(0)
    assert_no_axe_violations(driver)
    return reference


def triage_link(driver, base_url, reference):
    driver.get(base_url + "/triage")
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, reference))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Triage"
    assert_no_axe_violations(driver)


def test_report_triage_allocate_and_join(driver, base_url):
    stamp = str(int(time.time()))
    respondent = f"Jordan Brook{stamp}"

    # A resident reports anonymously, then another resident reports by name.
    anonymous = fill_public_report(
        driver, base_url, "I want to report anonymously",
        {"location": "Kingfisher Estate car park", "description": "Cars revving and music late at night."},
    )
    assert "cannot contact you" in main_text(driver)
    # Refreshing the confirmation shows it again: the form redirected after filing, so nothing is filed twice.
    assert "/report/received?" in driver.current_url
    driver.refresh()
    assert driver.find_element(By.TAG_NAME, "h1").text == "Report received"
    assert anonymous in main_text(driver)
    named = fill_public_report(
        driver, base_url, "I am reporting for myself",
        {
            "reporter_name": f"Nadia Quinn{stamp}", "reporter_phone": "07700 900888", "reporter_postcode": "RV3 9KR",
            "location": "Flat 9, Wharf Court",
            "description": "Banging on my door and shouting <b>every</b> night.", "respondent_name": respondent,
        },
    )
    assert anonymous != named

    # The call handler triages the named report and opens a High risk case.
    switch_user(driver, base_url, CALLS)
    driver.get(base_url + "/triage")
    assert anonymous in main_text(driver)
    assert main_text(driver).count("Kingfisher Estate car park") == 1
    triage_link(driver, base_url, named)
    assert "<b>every</b>" in main_text(driver), "free text is shown as typed, not as markup"
    received = re.search(r"Received\n(\d{1,2} \w{3} \d{4}, \d{2}:\d{2})", main_text(driver)).group(1)
    driver.find_element(By.ID, "outcome-open_case").click()
    driver.find_element(By.ID, "reason").send_keys("Nightly harassment of a named resident")
    driver.find_element(By.ID, "risk-high").click()
    Select(driver.find_element(By.ID, "ward_id")).select_by_visible_text("Canal")
    submit(driver, "Record decision")
    caption = driver.find_element(By.CLASS_NAME, "caption").text
    case_reference = re.match(r"ASB-\d{4}-\d{5}", caption).group(0)
    assert "Allocate a case officer" in main_text(driver)
    assert_no_axe_violations(driver)

    # The manager allocates it from the unallocated queue.
    switch_user(driver, base_url, MANAGER)
    driver.get(base_url + "/cases/unallocated")
    assert_no_axe_violations(driver)
    driver.find_element(
        By.XPATH, f"//input[@type='checkbox'][following-sibling::label[normalize-space()='Select {case_reference}']]"
    ).click()
    # Each officer is offered with their open caseload beside the name.
    officer_select = Select(driver.find_element(By.ID, "officer_id"))
    sam = next(o for o in officer_select.options if o.text.startswith("Sam Okafor ("))
    assert "open case" in sam.text
    officer_select.select_by_visible_text(sam.text)
    submit(driver, "Allocate selected cases")
    assert "Allocation saved." in main_text(driver)
    assert case_reference not in main_text(driver)

    # The officer sees it in My cases with its next deadline: the High response, one working day after it was
    # received, unless the vulnerability assessment's 48 hours run out first (a report received after 17:00 on a
    # Thursday is answered on Monday, but its assessment is offered by Saturday).
    switch_user(driver, base_url, OFFICER)
    driver.get(base_url + "/cases/mine")
    assert_no_axe_violations(driver)
    row = driver.find_element(By.XPATH, f"//tr[td/a[normalize-space()='{case_reference}']]")
    received_at = datetime.strptime(received, "%d %b %Y, %H:%M")
    due = min(high_risk_due(received_at), received_at + timedelta(hours=48))
    assert due.strftime("%-d %b %Y, %H:%M") in row.text, row.text
    click_and_wait(driver, row.find_element(By.LINK_TEXT, case_reference))
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, respondent))
    assert driver.find_element(By.TAG_NAME, "h1").text == respondent
    assert_no_axe_violations(driver)
    driver.back()
    # Adding the respondent again as a witness asks whether it is the same person.
    driver.find_element(By.XPATH, "//summary[normalize-space()='Add a person to this case']").click()
    Select(driver.find_element(By.ID, "role")).select_by_visible_text("Witness")
    driver.find_element(By.ID, "full_name").send_keys(respondent)
    submit(driver, "Add person")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Is this the same person?"
    assert_no_axe_violations(driver)
    driver.find_element(By.CSS_SELECTOR, "input[name='person_choice']:not([value='new'])").click()
    submit(driver, "Continue")
    assert "Person added to the case." in main_text(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Printable acknowledgement letter"))
    assert case_reference in main_text(driver)
    assert_no_axe_violations(driver)

    # A second report about the same respondent joins the same case (NM01).
    driver.delete_all_cookies()
    second = fill_public_report(
        driver, base_url, "I am reporting for myself",
        {
            "reporter_name": f"Owen Hale{stamp}", "reporter_email": "owen@example.org",
            "location": "Flat 11, Wharf Court", "description": "The same man shouted at me on the stairs.",
            "respondent_name": respondent,
        },
    )
    switch_user(driver, base_url, CALLS)
    triage_link(driver, base_url, second)
    assert "NM01" in main_text(driver)
    assert driver.find_element(By.ID, "outcome-add_to_case").is_selected()
    driver.find_element(By.ID, "reason").send_keys("Same respondent as the open case")
    submit(driver, "Record decision")
    assert driver.find_element(By.CLASS_NAME, "caption").text == case_reference
    timeline = driver.find_element(By.CLASS_NAME, "timeline").text
    assert named in timeline and second in timeline
    assert_no_axe_violations(driver)

    switch_user(driver, base_url, OFFICER)
    driver.get(base_url + "/cases/mine")
    assert main_text(driver).count(case_reference) == 1


def test_triage_finds_an_open_case_by_searching_and_joins_it(driver, base_url):
    # An anonymous report about a place no open case has on record: the matching offers nothing.
    driver.delete_all_cookies()
    reference = fill_public_report(
        driver, base_url, "I want to report anonymously",
        {"location": "The bins behind the shops", "description": "The same group again, shouting at residents."},
    )
    switch_user(driver, base_url, CALLS)
    triage_link(driver, base_url, reference)
    assert "No existing case matches" in main_text(driver)

    # Empty words are refused with a message; then the call handler finds Marsh House by its name.
    submit(driver, "Find cases")
    assert "Enter part of a case reference" in main_text(driver)
    assert driver.title.startswith("Error:")
    assert_no_axe_violations(driver)
    driver.find_element(By.ID, "case_search").send_keys("Marsh House")
    submit(driver, "Find cases")
    choice = driver.find_element(
        By.XPATH, "//label[starts-with(normalize-space(), 'ASB-2026-00002:')]")
    assert "found by your search" in choice.text
    assert driver.find_element(By.ID, "case_search").get_attribute("value") == "Marsh House"
    assert_no_axe_violations(driver)

    # Choosing it and deciding adds the report to that case.
    choice.click()
    driver.find_element(By.ID, "outcome-add_to_case").click()
    driver.find_element(By.ID, "reason").send_keys("The caller described the Marsh House group")
    submit(driver, "Record decision")
    assert driver.find_element(By.CLASS_NAME, "caption").text == "ASB-2026-00002"
    assert reference in main_text(driver)
