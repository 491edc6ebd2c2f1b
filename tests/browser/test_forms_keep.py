"""Browser checks that no form loses what was typed (issue 20, item 6).

The staff diary, the evidence form, the line-manager discussion and the
resident's own diary each refuse a bad value and show the form again with
everything the person typed. A form sent after the session has timed out
(here the session row is aged in the database, as 31 idle minutes would) is
answered with the sign-in page: after signing in again the officer sees what
they typed and sends it, and it is saved once. axe checks the error states and
the new pages.

Needs TANDEM_DATABASE_URL (a SQLite file; scripts/test sets it) and the test
mail server, for the resident's emailed link."""

import os
import re
import sqlite3
from datetime import date, datetime, timedelta
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    assert_no_axe_violations,
    click_button,
    h1,
    main_text,
    sign_in,
    switch_user,
    wait_for_mail,
)

OFFICER = "officer@riverside.example"
MANAGER = "manager@riverside.example"
MARSH = "ASB-2026-00002"  # kept free of casework for the casework journey


def _set(driver, field, value):
    """Date and time inputs take their value through script in Chromium (typing depends on the locale)."""
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), value)


def _value(driver, field):
    return driver.find_element(By.ID, field).get_attribute("value")


def _one_of_my_cases(driver, base_url):
    """The address of one of the officer's open cases other than Marsh House, and its reference."""
    driver.get(base_url + "/cases/mine")
    for link in driver.find_elements(By.CSS_SELECTOR, "main table a[href^='/cases/']"):
        if link.text != MARSH:
            return urlparse(link.get_attribute("href")).path, link.text
    pytest.fail("the demo officer has no open case besides Marsh House")


def _age_sessions(hours=2):
    """Ages every session in the server's database, as if nobody had used Tandem for `hours`."""
    url = os.environ.get("TANDEM_DATABASE_URL", "")
    if not url.startswith("sqlite://"):
        pytest.fail("TANDEM_DATABASE_URL must name the SQLite file of the server under test")
    connection = sqlite3.connect(url[len("sqlite://"):])
    try:
        rows = connection.execute("SELECT id, created_at, last_seen_at FROM user_sessions").fetchall()
        for session_id, created, seen in rows:
            older = []
            for value in (created, seen):
                if isinstance(value, (int, float)):
                    older.append(value - hours * 3600)
                else:
                    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
                    older.append((parsed - timedelta(hours=hours)).isoformat().replace("+00:00", "Z"))
            connection.execute(
                "UPDATE user_sessions SET created_at = ?, last_seen_at = ? WHERE id = ?", (*older, session_id)
            )
        connection.commit()
    finally:
        connection.close()


def test_staff_diary_and_evidence_keep_what_was_typed(driver, base_url):
    sign_in(driver, base_url, OFFICER)
    case_path, _ = _one_of_my_cases(driver, base_url)
    driver.get(base_url + case_path + "/evidence")

    # The staff diary: a date in the future is refused, and everything else stays.
    driver.find_element(By.XPATH, "//details[.//textarea[@id='what_happened']]/summary").click()
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    _set(driver, "occurred_on", tomorrow)
    _set(driver, "occurred_time", "23:40")
    driver.find_element(By.ID, "what_happened").send_keys("Music through the wall until 2am")
    driver.find_element(By.ID, "who_involved").send_keys("The upstairs flat")
    driver.find_element(By.ID, "effect").send_keys("No sleep before an early shift")
    click_button(driver, "Add the entry")
    assert "There is a problem" in main_text(driver)
    assert _value(driver, "occurred_on") == tomorrow
    assert _value(driver, "occurred_time") == "23:40"
    assert _value(driver, "what_happened") == "Music through the wall until 2am"
    assert _value(driver, "who_involved") == "The upstairs flat"
    assert _value(driver, "effect") == "No sleep before an early shift"
    assert_no_axe_violations(driver)

    # The evidence form: a date obtained in the future is refused, and the kind, title and description stay.
    _set(driver, "obtained_on", tomorrow)
    Select(driver.find_element(By.ID, "evidence_kind")).select_by_value("photo")
    driver.find_element(By.ID, "evidence_title").send_keys("Door of the upstairs flat")
    driver.find_element(By.ID, "evidence_description").send_keys("Taken from the landing")
    click_button(driver, "Add to the register")
    assert "There is a problem" in main_text(driver)
    assert Select(driver.find_element(By.ID, "evidence_kind")).first_selected_option.get_attribute("value") == "photo"
    assert _value(driver, "evidence_title") == "Door of the upstairs flat"
    assert _value(driver, "evidence_description") == "Taken from the landing"
    assert _value(driver, "obtained_on") == tomorrow
    assert_no_axe_violations(driver)


def test_oversight_keeps_what_was_typed(driver, base_url):
    sign_in(driver, base_url, OFFICER)
    case_path, _ = _one_of_my_cases(driver, base_url)
    switch_user(driver, base_url, MANAGER)
    driver.get(base_url + case_path + "/risk")
    driver.find_element(By.XPATH, "//details[.//textarea[@id='notes']]/summary").click()
    driver.find_element(By.ID, "notes").send_keys("Reviewed the diary with Sam")
    driver.find_element(By.ID, "decisions").send_keys("Ask the noise team for a recording")
    next_due = driver.find_element(By.ID, "next_due")
    next_due.clear()
    next_due.send_keys("soon")
    click_button(driver, "Record discussion")
    assert "There is a problem" in main_text(driver)
    assert _value(driver, "notes") == "Reviewed the diary with Sam"
    assert _value(driver, "decisions") == "Ask the noise team for a recording"
    assert _value(driver, "next_due") == "soon"
    assert_no_axe_violations(driver)


def test_resident_diary_keeps_what_was_typed(driver, base_url):
    sign_in(driver, base_url, OFFICER)
    case_path, reference = _one_of_my_cases(driver, base_url)
    driver.get(base_url + case_path + "/letters")
    if not driver.find_elements(By.ID, "link_party"):
        pytest.fail(f"{reference} has no reporting person to give a private link")
    Select(driver.find_element(By.ID, "link_party")).select_by_index(0)
    Select(driver.find_element(By.ID, "link_channel")).select_by_visible_text("Email")
    recipient = "forms.keep@example.org"
    driver.find_element(By.ID, "link_recipient").send_keys(recipient)
    click_button(driver, "Issue the link and code")
    link_mail = wait_for_mail(lambda to, subject, text: to == recipient and "/r/" in text)
    code_mail = wait_for_mail(lambda to, subject, text: to == recipient and "Your code is" in text)
    url = re.search(r"https?://\S+/r/\S+", link_mail[-1][2]).group(0)
    code = re.search(r"Your code is (\d{6})", code_mail[-1][2]).group(1)

    driver.delete_all_cookies()
    driver.get(base_url + urlparse(url).path)
    driver.find_element(By.ID, "code").send_keys(code)
    click_button(driver, "Continue")
    later = (date.today() + timedelta(days=3)).isoformat()
    _set(driver, "occurred_on", later)
    _set(driver, "occurred_time", "01:10")
    driver.find_element(By.ID, "what_happened").send_keys("Banging on my door")
    driver.find_element(By.ID, "effect").send_keys("My children were frightened")
    click_button(driver, "Add to my diary")
    assert "There is a problem" in main_text(driver)
    assert _value(driver, "occurred_on") == later
    assert _value(driver, "occurred_time") == "01:10"
    assert _value(driver, "what_happened") == "Banging on my door"
    assert _value(driver, "effect") == "My children were frightened"
    assert_no_axe_violations(driver)


def test_a_form_sent_after_the_session_expired_is_kept_and_sent_after_sign_in(driver, base_url):
    sign_in(driver, base_url, OFFICER)
    case_path, _ = _one_of_my_cases(driver, base_url)
    driver.get(base_url + case_path + "/evidence")
    text = "Shouting in the stairwell at 23:00 (the officer was away from the desk)"
    driver.find_element(By.XPATH, "//details[.//textarea[@id='what_happened']]/summary").click()
    _set(driver, "occurred_on", (date.today() - timedelta(days=1)).isoformat())
    _set(driver, "occurred_time", "23:00")
    driver.find_element(By.ID, "what_happened").send_keys(text)

    # The officer leaves the form; the session times out before they send it.
    _age_sessions()
    click_button(driver, "Add the entry")
    assert h1(driver) == "Sign in to Tandem"
    assert "what you sent has not been saved yet" in main_text(driver)
    assert_no_axe_violations(driver)

    # Signing in again shows what was typed, unsent; sending it saves it once.
    driver.find_element(By.NAME, "email").send_keys(OFFICER)
    driver.find_element(By.NAME, "password").send_keys("riverside-demo-2026")
    click_button(driver, "Sign in")
    assert h1(driver) == "Send what you typed"
    assert text in main_text(driver)
    assert_no_axe_violations(driver)
    click_button(driver, "Send it now")
    assert urlparse(driver.current_url).path == case_path + "/evidence"
    assert main_text(driver).count(text) == 1
