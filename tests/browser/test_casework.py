"""Browser journey for casework on the demo's Marsh House case: the officer
records the reporting person's interview, draws up the action plan (first
review two weeks on, on a working day), adds an action, records the agreement
and prints the plan; logs contacts from the plan and the case page; writes a
warning letter to the respondent that Tandem refuses while it names the
reporting person; makes a referral that is overdue for a reply and chases it;
and issues the reporting person a private link. The resident opens it with the
code, adds a diary entry with a photo, and the officer sees both on the case.
Every new page and several error states are checked by axe.

The journey expects fresh demo data (scripts/test starts Tandem with it):
Marsh House is seeded without any casework."""

import base64
import secrets
from datetime import date, timedelta
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_no_axe_violations, click_and_wait, sign_in

OFFICER = "officer@riverside.example"

REPORTER = "Maria Lopez"
RESPONDENT = "Kevin Doyle"
# Everything that identifies the reporting person in the demo data (her postcode is also the respondent's,
# whose letter is addressed to his own home, so it is not among them).
REPORTER_IDENTIFIERS = ["Maria", "Lopez", "Flat 12", "07700 900202", "07700900202"]

# A valid 1x1 PNG: the server checks an upload by its content, not its name.
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PHOTO_NAME = "diary_photo.png"

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# The reporting person's interview (Lambeth 3.3.1). Yes/no questions are
# answered "no" throughout: no interpreter is needed, and with no abuse or hate
# the approach to the respondent and mediation stay open.
YES_NO_ANSWERS = {
    "interpretation": "no",
    "history": "no",
    "rehousing": "no",
    "hate": "no",
    "abuse": "no",
    "police": "no",
    "vulnerable": "no",
    "respondent_issues": "no",
    "discussed": "no",
    "discussion_appropriate": "no",
    "objects_to_approach": "no",
    "others_affected": "no",
    "others_evidence": "no",
    "other_agencies": "no",
    "mediation": "no",
}
TEXT_ANSWERS = {
    "outcome_wanted": "To be able to sleep through the night.",
    "what_happened": "Loud music and shouting from the flat next door most nights after midnight.",
    "when_started": "About six weeks ago, for no reason she knows of.",
    "where": "From the neighbouring flat, heard through the bedroom wall.",
    "type": "Noise",
    "effect": "She works early shifts and is exhausted.",
}


# ---------------------------------------------------------------- dates


def easter_sunday(year):
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def bank_holidays(year):
    """England and Wales bank holidays by their standing rules, with
    substitute days for those falling at a weekend. (One-off changes are not
    rules; there are none announced for 2026 to 2028.)"""
    easter = easter_sunday(year)
    may_first = date(year, 5, 1)
    early_may = may_first + timedelta(days=(7 - may_first.weekday()) % 7)
    may_last = date(year, 5, 31)
    spring = may_last - timedelta(days=may_last.weekday())
    august_last = date(year, 8, 31)
    summer = august_last - timedelta(days=august_last.weekday())
    by_rule = [
        date(year, 1, 1), easter - timedelta(days=2), easter + timedelta(days=1), early_may, spring, summer,
        date(year, 12, 25), date(year, 12, 26),
    ]
    taken = {day for day in by_rule if day.weekday() < 5}
    holidays = set()
    for day in by_rule:
        if day.weekday() < 5:
            holidays.add(day)
            continue
        substitute = day + timedelta(days=1)
        while substitute.weekday() >= 5 or substitute in taken:
            substitute += timedelta(days=1)
        taken.add(substitute)
        holidays.add(substitute)
    return holidays


def is_working_day(day):
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def first_review(interviewed_on):
    """Lambeth 3.3.1: two weeks from the interview, moved to the next working
    day when the office is shut (weekend or bank holiday)."""
    day = interviewed_on + timedelta(days=14)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def civil(day):
    """A date as DisplayDate.civil shows it: '7 Dec 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# ---------------------------------------------------------------- helpers


def h1(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def main_text(driver):
    return driver.find_element(By.TAG_NAME, "main").text


def click_button(driver, text, scope="//main"):
    click_and_wait(driver, driver.find_element(By.XPATH, f"{scope}//button[normalize-space()='{text}']"))


def open_tab(driver, label):
    """Follow one of the case's tabs (the case page has a second 'Plan and contact' link)."""
    click_and_wait(
        driver, driver.find_element(By.XPATH, f"//nav[@aria-label='Case sections']//a[normalize-space()='{label}']")
    )


def open_details(driver, summary_text):
    driver.find_element(By.XPATH, f"//main//summary[normalize-space()='{summary_text}']").click()


def fill(driver, element_id, text):
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def set_value(driver, element_id, value):
    """Date and time inputs take their value through script in Chromium (typing depends on the locale)."""
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, element_id), value)


def select_containing(driver, select_id, text):
    """Choose the option whose label contains `text`."""
    select = Select(driver.find_element(By.ID, select_id))
    for option in select.options:
        if text in option.text:
            select.select_by_value(option.get_attribute("value"))
            return
    pytest.fail(f"No option containing {text!r} in #{select_id}: {[o.text for o in select.options]}")


def has_error_summary(driver):
    return bool(driver.find_elements(By.CLASS_NAME, "error-summary"))


def switch_user(driver, base_url, email):
    """Sign out by dropping the session cookie, then sign in as someone else."""
    driver.get(base_url + "/sign-in")
    driver.delete_all_cookies()
    sign_in(driver, base_url, email)


def open_marsh_house(driver, base_url):
    """The demo's Marsh House noise case, from My cases."""
    driver.get(base_url + "/cases/mine")
    row = driver.find_element(By.XPATH, "//tr[td[contains(., 'Marsh House')]]")
    reference = row.find_element(By.CSS_SELECTOR, "a[href^='/cases/']")
    text = reference.text
    click_and_wait(driver, reference)
    return text, driver.current_url


def contact_rows(driver):
    return driver.find_elements(By.XPATH, "//main//table[caption[normalize-space()='Contacts, newest first']]/tbody/tr")


# ---------------------------------------------------------------- tests


def test_casework_journey_from_interview_to_resident_diary(driver, base_url, tmp_path):
    # 1. The officer opens Marsh House and its "Plan and contact" tab.
    sign_in(driver, base_url, OFFICER)
    reference, case_url = open_marsh_house(driver, base_url)
    open_tab(driver, "Plan and contact")
    assert h1(driver) == "Plan and contact"
    assert_no_axe_violations(driver)

    # 2. The reporting person's interview.
    select_containing(driver, "party", REPORTER)
    click_button(driver, "Start the interview record")
    assert h1(driver) == "Reporting person interview"
    assert REPORTER in main_text(driver)
    assert_no_axe_violations(driver)
    # The interview date defaults to the server's today (UK time): every date below counts from it.
    today = date.fromisoformat(driver.find_element(By.ID, "interviewed_on").get_attribute("value"))

    # Saved empty, it is refused with a summary of what is missing.
    click_button(driver, "Save the interview")
    assert has_error_summary(driver)
    summary = driver.find_element(By.CLASS_NAME, "error-summary").text
    assert "Answer yes or no" in summary and "Enter an answer" in summary
    assert_no_axe_violations(driver)

    # Every question answered.
    fill(driver, "method", "Home visit")
    for question, answer in YES_NO_ANSWERS.items():
        driver.find_element(By.ID, f"q_{question}-{answer}").click()
    for question, answer in TEXT_ANSWERS.items():
        fill(driver, question, answer)
    click_button(driver, "Save the interview")
    assert h1(driver) == "Plan and contact"
    assert "Interview recorded." in main_text(driver)
    assert "Outcome wanted: " + TEXT_ANSWERS["outcome_wanted"] in main_text(driver)

    # 3. The action plan, with the defaults: the first review is two weeks from the interview.
    review = first_review(today)
    open_details(driver, "Draw up the action plan")
    click_button(driver, "Draw up the plan")
    assert h1(driver) == "Plan and contact"
    assert driver.find_element(By.ID, "next-review").text == civil(review)
    first_review_row = driver.find_element(
        By.XPATH, "//main//div[dt[normalize-space()='First review meeting']]/dd"
    ).text
    assert first_review_row == civil(review)
    assert_no_axe_violations(driver)

    # 4. An action for the officer, due in a week, and the reporting person's agreement.
    action = "Ask the police for their log of noise call-outs"
    due = today + timedelta(days=7)
    fill(driver, "action_description", action)
    Select(driver.find_element(By.ID, "action_owner")).select_by_visible_text("Case officer")
    set_value(driver, "action_due_on", due.isoformat())
    click_button(driver, "Add the action")
    row = driver.find_element(
        By.XPATH, f"//main//table[caption[normalize-space()='Actions']]//tr[td[normalize-space()='{action}']]"
    )
    # Issue 19: the owner is the person and organisation in Tandem, not only the kind of owner.
    assert "Sam Okafor, Riverside Council ASB Team" in row.text and civil(due) in row.text

    fill(driver, "agreed_by", REPORTER)
    Select(driver.find_element(By.ID, "agreed_how")).select_by_visible_text("Agreed verbally")
    click_button(driver, "Record the agreement")
    assert "Agreement recorded." in main_text(driver)
    assert f"agreed by {REPORTER}" in main_text(driver)
    assert_no_axe_violations(driver)

    # The printable copy, then back to the plan.
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Printable copy of the plan"))
    assert h1(driver) == "Action plan"
    printable = main_text(driver)
    assert reference in printable and action in printable and REPORTER in printable
    assert civil(review) in printable
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Back to the plan"))
    assert h1(driver) == "Plan and contact"

    # 5. Two contacts: one from the plan page, one from the case page.
    fill(driver, "contact_with", REPORTER)
    fill(driver, "contact_summary", "Phoned to talk through the plan; she will keep the diary.")
    click_button(driver, "Log contact")
    assert h1(driver) == "Plan and contact"
    assert "Contact logged." in main_text(driver)

    open_tab(driver, "Case")
    open_details(driver, "Log a contact")
    fill(driver, "contact_with", REPORTER)
    fill(driver, "contact_summary", "Reassurance call: two quieter nights this week.")
    click_button(driver, "Log contact")
    assert driver.current_url.rstrip("/") == case_url.rstrip("/")
    assert "Contact logged." in main_text(driver)
    assert "Next contact due by" in main_text(driver)
    assert_no_axe_violations(driver)

    open_tab(driver, "Plan and contact")
    assert len(contact_rows(driver)) == 2

    # 6. A warning letter to the respondent: refused while it names the reporting person.
    open_tab(driver, "Letters and resident access")
    assert h1(driver) == "Letters and resident access"
    assert_no_axe_violations(driver)
    Select(driver.find_element(By.ID, "template")).select_by_visible_text(
        "Warning about anti-social behaviour (to the respondent)"
    )
    select_containing(driver, "recipient", RESPONDENT)
    click_button(driver, "Write the letter")
    assert h1(driver) == "Warning about anti-social behaviour"
    assert_no_axe_violations(driver)

    fill(driver, "behaviour", f"{REPORTER} has heard loud music from your flat after midnight.")
    click_button(driver, "Record the letter as sent")
    assert has_error_summary(driver)
    summary = driver.find_element(By.CLASS_NAME, "error-summary").text
    assert "would identify who complained" in summary and "the reporting person's name" in summary
    # The officer's own check is asked for too, and nothing typed is lost.
    assert "does not identify the reporting person" in summary
    assert REPORTER in driver.find_element(By.ID, "behaviour").get_attribute("value")
    assert_no_axe_violations(driver)

    behaviour = "Loud music and shouting have been heard from your home after midnight on most nights."
    fill(driver, "behaviour", behaviour)
    driver.find_element(By.ID, "confirm_not_identifying").click()
    click_button(driver, "Record the letter as sent")
    assert h1(driver) == "Warning about anti-social behaviour"
    letter = driver.find_element(By.ID, "letter-body").text
    assert RESPONDENT in letter and behaviour in letter
    assert "Flat 14, Marsh House, RV1 4AA" in letter
    for identifier in REPORTER_IDENTIFIERS:
        assert identifier not in letter, identifier
    # Laid out to post: the council's letterhead, his address block, the date and our reference.
    sheet = driver.find_element(By.CSS_SELECTOR, "article.letter-sheet").text
    assert "Riverside Council ASB Team" in sheet and "Riverside Town Hall" in sheet
    assert f"{RESPONDENT}\nFlat 14, Marsh House\nRV1 4AA" in sheet
    assert "Our reference" in sheet and "Print and then Save as PDF" in main_text(driver)
    assert_no_axe_violations(driver)

    # 7. A referral sent 30 days ago: its reply (ten working days) is overdue, so it is due a chase.
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Back to the letters"))
    open_tab(driver, "Interventions and referrals")
    assert h1(driver) == "Interventions and referrals"
    assert_no_axe_violations(driver)
    Select(driver.find_element(By.ID, "service")).select_by_visible_text("Mental health services")
    select_containing(driver, "referral_party", RESPONDENT)
    fill(driver, "asked", "Is he known to the community mental health team?")
    set_value(driver, "sent_on", (today - timedelta(days=30)).isoformat())
    click_button(driver, "Record the referral")
    referral_xpath = "//main//li[starts-with(@id, 'referral-')][contains(., 'Mental health services')]"
    referral = driver.find_element(By.XPATH, referral_xpath)
    assert "Chase due" in referral.text
    assert_no_axe_violations(driver)

    # Chased: a reply is now expected in five days, so it is no longer due a chase.
    referral_id = referral.get_attribute("id").removeprefix("referral-")
    Select(driver.find_element(By.ID, f"referral-status-{referral_id}")).select_by_visible_text(
        "Chased: still waiting for a reply"
    )
    set_value(driver, f"referral-reply-{referral_id}", (today + timedelta(days=5)).isoformat())
    fill(driver, f"referral-note-{referral_id}", "Emailed the duty team; they will reply this week.")
    click_button(driver, "Save the update", scope=f"//li[@id='referral-{referral_id}']")
    referral = driver.find_element(By.ID, f"referral-{referral_id}")
    assert "Chase due" not in referral.text
    assert civil(today + timedelta(days=5)) in referral.text

    # 8. "Our promise" to the reporting person, shown on their link; then the link itself, by email.
    open_tab(driver, "Letters and resident access")
    Select(driver.find_element(By.ID, "template")).select_by_visible_text(
        "Our promise to you (to the reporting person)"
    )
    select_containing(driver, "recipient", REPORTER)
    click_button(driver, "Write the letter")
    Select(driver.find_element(By.ID, "method")).select_by_visible_text("Shown on the resident's private link")
    click_button(driver, "Record the letter as sent")
    assert REPORTER in driver.find_element(By.ID, "letter-body").text
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Back to the letters"))
    select_containing(driver, "link_party", REPORTER)
    Select(driver.find_element(By.ID, "link_channel")).select_by_visible_text("Email")
    fill(driver, "link_recipient", "maria.lopez@example.org")
    click_button(driver, "Issue the link and code")
    issued_url = driver.find_element(By.ID, "issued-url").text.strip()
    code = driver.find_element(By.ID, "issued-code").text.strip()
    assert len(code) == 6 and code.isdigit()
    assert_no_axe_violations(driver)
    # The link names the host the officer used; the resident opens the same path on the test server.
    resident_url = base_url + urlparse(issued_url).path

    # The resident, with no staff session, opens the link.
    driver.delete_all_cookies()
    driver.get(resident_url)
    assert h1(driver) == "Follow your ASB case"
    assert_no_axe_violations(driver)

    fill(driver, "code", "000000")
    click_button(driver, "Continue")
    assert has_error_summary(driver)
    assert "That code is not right" in main_text(driver)
    assert_no_axe_violations(driver)

    fill(driver, "code", code)
    click_button(driver, "Continue")
    assert h1(driver) == "Your case"
    assert f"Case {reference}" in main_text(driver)
    assert action in main_text(driver)
    assert RESPONDENT not in driver.page_source
    assert_no_axe_violations(driver)

    # The letter sent to them opens from their page.
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Our promise to you"))
    assert h1(driver) == "Our promise to you"
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Back to your case"))

    # A diary entry for yesterday morning (never in the future, whatever the hour), with a photo.
    photo = tmp_path / PHOTO_NAME
    photo.write_bytes(PNG_1X1)
    what = f"Music through the wall from 1am until 4am. Diary check {secrets.token_hex(4)}."
    set_value(driver, "occurred_on", (today - timedelta(days=1)).isoformat())
    set_value(driver, "occurred_time", "08:15")
    fill(driver, "what_happened", what)
    driver.find_element(By.ID, "file").send_keys(str(photo))
    click_button(driver, "Add to my diary")
    assert h1(driver) == "Your case"
    assert "Your diary entry has been added" in main_text(driver)
    entries = driver.find_element(
        By.XPATH, "//main//h3[normalize-space()='Entries you have added']/following-sibling::ul[1]"
    ).text
    assert what in entries and f"(with {PHOTO_NAME})" in entries
    assert_no_axe_violations(driver)

    # 9. The officer sees the entry on the case's timeline and the photo in the evidence register.
    switch_user(driver, base_url, OFFICER)
    driver.get(case_url)
    timeline = driver.find_element(By.XPATH, "//main//h2[normalize-space()='Timeline']/following-sibling::ol[1]").text
    assert "Diary entry added by the resident" in timeline
    assert what in timeline

    open_tab(driver, "Diary and evidence")
    assert h1(driver) == "Diary and evidence"
    assert what in main_text(driver)
    download = driver.find_element(By.XPATH, f"//main//table//a[normalize-space()='Download {PHOTO_NAME}']")
    href = download.get_attribute("href")
    assert href.endswith("/file")
    # The download answers with the very bytes the resident sent.
    status, size = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status, b.byteLength])))"
        ".catch(() => done([0, 0]));",
        href,
    )
    assert (status, size) == (200, len(PNG_1X1))
    assert_no_axe_violations(driver)


def test_unknown_resident_link_is_not_recognised(driver, base_url):
    sign_in(driver, base_url, OFFICER)
    driver.get(f"{base_url}/r/{secrets.token_urlsafe(36)}")  # 48 URL-safe characters
    assert "not recognised" in main_text(driver)
    assert_no_axe_violations(driver)


def test_letter_template_refuses_a_field_its_audience_may_not_use(driver, base_url):
    sign_in(driver, base_url, "admin@riverside.example")
    driver.get(base_url + "/admin/letters")
    assert h1(driver) == "Letter templates"
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Warning about anti-social behaviour"))
    body = driver.find_element(By.ID, "body")
    body.send_keys(" {{plan_actions}}")
    click_button(driver, "Save the template")
    assert has_error_summary(driver)
    assert "cannot be used in a letter to the respondent" in main_text(driver)
    assert_no_axe_violations(driver)
