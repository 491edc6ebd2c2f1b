"""Browser journey for multi-agency panels (issue 21): a case assessed High is
referred to the vulnerable victims panel by itself; the coordinator arranges a
meeting and accepts it onto the agenda; the police and mental health
representatives record their research; the meeting records attendance,
decisions and two actions; the chair approves the minutes, which are emailed
to the members; an owner reports an action not undertaken; and the next
meeting's agenda carries it forward with the reason. Every new page and its
error states are checked by axe."""

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
    wait_for_mail,
)

OFFICER = "officer@riverside.example"
COORDINATOR = "panel@riverside.example"
CHAIR = "manager@riverside.example"
POLICE = "police@riverside.example"
HEALTH = "cmht@riverside.example"
ADMIN = "admin@riverside.example"
PANEL = "Riverside Vulnerable Victims Panel"
HATE_CASE = "ASB-2026-00006"
CANAL = "ASB-2026-00004"
REASON = "The hate crime coordinator is on leave until next week"


def set_date(driver, element_id, day):
    driver.execute_script("document.getElementById(arguments[0]).value = arguments[1]", element_id, day.isoformat())


def open_panel(driver, base_url):
    driver.get(base_url + "/panels")
    assert h1(driver) == "Panels"
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, PANEL))
    assert h1(driver) == PANEL
    return driver.current_url


def item_section(driver, reference):
    return driver.find_element(By.XPATH, f"//main//section[.//h4[contains(., '{reference}')]]")


def open_details(section, summary_text):
    section.find_element(By.XPATH, f'.//summary[contains(., "{summary_text}")]').click()


def test_panel_journey(driver, base_url):
    today = date.today()

    # The administrator's register of panels, and its form refusing an empty panel.
    sign_in(driver, base_url, ADMIN)
    driver.get(base_url + "/admin/panels")
    assert PANEL in main_text(driver)
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, PANEL))
    assert h1(driver) == "Edit the panel"
    assert_no_axe_violations(driver)
    driver.get(base_url + "/admin/panels")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Set up a panel"))
    click_button(driver, "Save the panel")
    assert "Enter the panel's name" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)

    # The officer assesses the hate incident's victim: High, so the case goes to the panel by itself.
    switch_user(driver, base_url, OFFICER)
    case_url = open_case(driver, base_url, HATE_CASE)
    driver.get(case_url + "/vulnerability/new")
    Select(driver.find_element(By.ID, "occasion")).select_by_visible_text("Review meeting")
    driver.find_element(By.ID, "outcome-completed").click()
    for number in range(1, 15):
        driver.find_element(By.CSS_SELECTOR, f"fieldset#q{number} input[type='radio']").click()
    click_button(driver, "Save assessment")
    assert h1(driver) == "Risk and vulnerability"
    click_and_wait(driver, driver.find_element(By.XPATH, "//nav[@aria-label='Case sections']//a[normalize-space()='Panels']"))
    assert h1(driver) == "Panels"
    text = main_text(driver)
    assert PANEL in text and "Automatically, by the risk band" in text and "Waiting for the coordinator" in text
    assert_no_axe_violations(driver)
    # Referring again by hand to the same panel is refused, with what was typed kept.
    Select(driver.find_element(By.ID, "panel_id")).select_by_visible_text(f"{PANEL} (Vulnerable victims panel)")
    driver.find_element(By.ID, "reason").send_keys("Threats at the front door")
    click_button(driver, "Refer the case")
    assert "already referred" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert driver.find_element(By.ID, "reason").get_attribute("value") == "Threats at the front door"
    assert_no_axe_violations(driver)

    # The coordinator arranges today's meeting (a date in the past is refused) and accepts the referral onto it.
    switch_user(driver, base_url, COORDINATOR)
    panel_url = open_panel(driver, base_url)
    assert_no_axe_violations(driver)
    set_date(driver, "held_on", today - timedelta(days=1))
    driver.execute_script("document.getElementById('starts_at').value = '09:30'")
    driver.find_element(By.ID, "place").send_keys("Committee Room 1")
    click_button(driver, "Arrange the meeting")
    assert "The meeting must be today or later" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert driver.find_element(By.ID, "place").get_attribute("value") == "Committee Room 1"
    assert_no_axe_violations(driver)
    set_date(driver, "held_on", today)
    click_button(driver, "Arrange the meeting")
    meeting_url = driver.current_url.split("#")[0]
    meeting_id = meeting_url.rstrip("/").split("/")[-1]
    driver.get(panel_url)
    row = driver.find_element(By.XPATH, f"//main//li[starts-with(@id,'referral-')][.//a[normalize-space()='{HATE_CASE}']]")
    row.find_element(By.CSS_SELECTOR, "input[value='accept']").click()
    Select(row.find_element(By.NAME, "meeting_id")).select_by_value(meeting_id.upper())
    click_and_wait(driver, row.find_element(By.TAG_NAME, "button"))
    assert "Referral accepted" in driver.page_source
    driver.get(meeting_url)
    assert HATE_CASE in main_text(driver)
    assert_no_axe_violations(driver)

    # The police and the mental health team research Canal Street for the meeting that hears it. The hate case
    # is not shared with the police: on today's agenda it is restricted to them.
    switch_user(driver, base_url, POLICE)
    driver.get(meeting_url)
    assert HATE_CASE not in main_text(driver)
    assert "Restricted" in main_text(driver)
    assert_no_axe_violations(driver)
    for who, facts, special in (
        (POLICE, "Two calls about youths at the window in November; no arrests.", False),
        (HEALTH, "The respondent is known to the team; a care coordinator visits monthly.", True),
    ):
        switch_user(driver, base_url, who)
        open_panel(driver, base_url)
        upcoming = driver.find_elements(By.XPATH, "//main//h2[normalize-space()='Meetings to come']/following-sibling::ul[1]//a")
        canal_meeting = None
        for link in [a.get_attribute("href") for a in upcoming]:
            driver.get(link)
            if CANAL in main_text(driver):
                canal_meeting = link
                break
        assert canal_meeting, "the meeting with Canal Street on its agenda"
        section = item_section(driver, CANAL)
        open_details(section, "Record what your organisation's records hold")
        section.find_element(By.NAME, "facts").send_keys(facts)
        section.find_element(By.NAME, "opinion").send_keys("We support a protection plan.")
        if special:
            section.find_element(By.NAME, "special_category").click()
        click_and_wait(driver, section.find_element(By.XPATH, ".//button[contains(., 'Save our research')]"))
        assert "research is saved" in driver.page_source
        assert_no_axe_violations(driver)

    # The meeting: attendance, the panel's record of the case, two actions (an ownerless one is refused).
    switch_user(driver, base_url, COORDINATOR)
    driver.get(meeting_url)
    for select in driver.find_elements(By.CSS_SELECTOR, "select[id^='attendance-'][id$='-status']"):
        Select(select).select_by_value("present")
    for field in driver.find_elements(By.CSS_SELECTOR, "input[id^='attendance-'][id$='-attendees']"):
        field.send_keys("A representative")
    click_button(driver, "Save attendance")
    assert "Attendance recorded" in driver.page_source
    section = item_section(driver, HATE_CASE)
    open_details(section, "Record the panel's discussion")
    section.find_element(By.NAME, "discussion").send_keys("Targeted hate incidents at the front door.")
    section.find_element(By.NAME, "risk_summary").send_keys("High: repeat targeting of a household.")
    section.find_element(By.NAME, "decisions").send_keys("Protection plan agreed; Sam Okafor is case manager.")
    Select(section.find_element(By.NAME, "lead")).select_by_visible_text("Riverside Council ASB Team")
    Select(section.find_element(By.NAME, "manager")).select_by_visible_text("Sam Okafor, Riverside Council ASB Team")
    Select(section.find_element(By.NAME, "outcome")).select_by_visible_text("Keep the case on the panel's list")
    click_and_wait(driver, section.find_element(By.XPATH, ".//button[contains(., \"Save the panel's record\")]"))
    section = item_section(driver, HATE_CASE)
    open_details(section, "Add an action")
    section.find_element(By.NAME, "action_description").send_keys("Fit a door camera")
    set_date(driver, section.find_element(By.NAME, "action_due_on").get_attribute("id"), today + timedelta(days=7))
    click_and_wait(driver, section.find_element(By.XPATH, ".//button[contains(., 'Add the action')]"))
    assert "Select who owns the action" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)
    section = item_section(driver, HATE_CASE)
    assert section.find_element(By.NAME, "action_description").get_attribute("value") == "Fit a door camera"
    Select(section.find_element(By.NAME, "owner")).select_by_visible_text("Riverside Council ASB Team")
    click_and_wait(driver, section.find_element(By.XPATH, ".//button[contains(., 'Add the action')]"))
    section = item_section(driver, HATE_CASE)
    open_details(section, "Add an action")
    section.find_element(By.NAME, "action_description").send_keys("Joint visit with the hate crime coordinator")
    Select(section.find_element(By.NAME, "person")).select_by_visible_text("Sam Okafor, Riverside Council ASB Team")
    set_date(driver, section.find_element(By.NAME, "action_due_on").get_attribute("id"), today + timedelta(days=7))
    click_and_wait(driver, section.find_element(By.XPATH, ".//button[contains(., 'Add the action')]"))
    assert "Joint visit with the hate crime coordinator" in item_section(driver, HATE_CASE).text
    assert_no_axe_violations(driver)
    click_button(driver, "Draft the minutes from the record")
    assert h1(driver) == f"Minutes: {PANEL}"
    assert "Draft: not yet approved by the chair" in main_text(driver)
    assert_no_axe_violations(driver)
    minutes_url = driver.current_url.split("#")[0]

    # The chair approves; the minutes go to the members by email, with a link and no case detail.
    switch_user(driver, base_url, CHAIR)
    driver.get(minutes_url)
    click_button(driver, "Approve and issue these minutes")
    assert "Approved and issued" in main_text(driver)
    assert_no_axe_violations(driver)
    mail = wait_for_mail(lambda to, subject, text: to == POLICE and "minutes of " + PANEL in subject)
    assert mail, "the police representative was sent the minutes"
    assert HATE_CASE not in mail[0][2] and "/minutes/" in mail[0][2]
    # The police read them: the hate case's part is restricted to them.
    switch_user(driver, base_url, POLICE)
    driver.get(minutes_url)
    assert "Protection plan agreed" not in main_text(driver) and "Restricted" in main_text(driver)
    assert_no_axe_violations(driver)

    # The officer reports one action not undertaken; an empty reason is refused.
    switch_user(driver, base_url, OFFICER)
    driver.get(base_url + "/panels")
    assert h1(driver) == "Panels"
    assert_no_axe_violations(driver)
    item = driver.find_element(By.XPATH, "//main//li[.//strong[normalize-space()='Joint visit with the hate crime coordinator']]")
    Select(item.find_element(By.NAME, "progress")).select_by_value("not_undertaken")
    click_and_wait(driver, item.find_element(By.TAG_NAME, "button"))
    assert "Say why the action was not done" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)
    item = driver.find_element(By.XPATH, "//main//li[.//strong[normalize-space()='Joint visit with the hate crime coordinator']]")
    item.find_element(By.NAME, "note").send_keys(REASON)
    click_and_wait(driver, item.find_element(By.TAG_NAME, "button"))
    assert "Your report on the action is saved" in driver.page_source

    # The next meeting's agenda carries the unfinished action with its reason; the report counts the meeting.
    switch_user(driver, base_url, COORDINATOR)
    driver.get(panel_url)
    set_date(driver, "held_on", today + timedelta(days=7))
    driver.execute_script("document.getElementById('starts_at').value = '09:30'")
    driver.find_element(By.ID, "place").send_keys("Committee Room 1")
    click_button(driver, "Arrange the meeting")
    carried = driver.find_element(By.XPATH, "//main//table[caption[contains(., 'Incomplete actions')]]").text
    assert "Joint visit with the hate crime coordinator" in carried
    assert "Not undertaken: " + REASON in carried
    assert_no_axe_violations(driver)
    driver.get(panel_url + "/report")
    assert h1(driver) == "Panel report"
    assert_no_axe_violations(driver)
