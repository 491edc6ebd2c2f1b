"""Browser journey for the ASB Case Review (issue 22): a resident applies online
for the Lock Gardens case; the single point of contact sees the qualifying
complaints made to the council and the police, contacts the applicant and
accepts; the CT-MARAC reviews it and records recommendations; the chair signs
off the resolution letter, which reaches the applicant by email and on their
private page; the applicant appeals; the chair is refused as appeal officer and
an uninvolved police inspector decides; the publication counts it. Axe checks
every new page and its error states."""

import re
from datetime import date

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    assert_no_axe_violations,
    click_and_wait,
    click_button,
    h1,
    main_text,
    sign_in,
    switch_user,
    wait_for_mail,
)

SPOC = "panel@riverside.example"
CHAIR = "manager@riverside.example"
POLICE = "police@riverside.example"
INSPECTOR = "inspector@riverside.example"
ADMIN = "admin@riverside.example"
APPLICANT = "sunil.gupta@example.org"
CT_MARAC = "Riverside CT-MARAC"


def set_date(driver, element_id, day):
    driver.execute_script("document.getElementById(arguments[0]).value = arguments[1]", element_id, day)


def fill(driver, element_id, text):
    element = driver.find_element(By.ID, element_id)
    element.clear()
    element.send_keys(text)


def section(driver, heading):
    return driver.find_element(By.XPATH, f"//main//section[.//h2[normalize-space()=\"{heading}\"]]")


def submit(driver, heading):
    form = section(driver, heading)
    click_and_wait(driver, form.find_element(By.XPATH, ".//button"))


def choose(driver, heading, name, value):
    section(driver, heading).find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()


def select(driver, heading, name, text):
    Select(section(driver, heading).find_element(By.NAME, name)).select_by_visible_text(text)


def test_case_review_journey(driver, base_url):
    today = date.today()

    # The administrator's arrangements, with Lambeth's numbers.
    sign_in(driver, base_url, ADMIN)
    driver.get(base_url + "/admin/case-review")
    assert h1(driver) == "ASB Case Review arrangements"
    assert driver.find_element(By.ID, "threshold").get_attribute("value") == "3"
    assert_no_axe_violations(driver)

    # A resident applies online, without an account: a first try with a future date is refused.
    driver.get(base_url + "/sign-in")
    driver.delete_all_cookies()
    driver.get(base_url + "/case-review")
    assert h1(driver) == "Apply for an ASB Case Review"
    assert_no_axe_violations(driver)
    driver.find_element(By.ID, "applicant_kind-person").click()
    fill(driver, "applicant_name", "Sunil Gupta")
    fill(driver, "applicant_email", APPLICANT)
    fill(driver, "description", "Cars still race round the parking bays at night.")
    driver.find_element(By.ID, "involvement-attend").click()
    set_date(driver, "complaint_1_on", "2099-01-01")
    fill(driver, "complaint_1_to", "The council")
    click_button(driver, "Send my application")
    assert "cannot be in the future" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert driver.find_element(By.ID, "applicant_name").get_attribute("value") == "Sunil Gupta"
    assert_no_axe_violations(driver)
    set_date(driver, "complaint_1_on", "2026-08-06")
    fill(driver, "case_reference", "ASB-2026-00001")
    click_button(driver, "Send my application")
    assert h1(driver).startswith("Your ASB Case Review CR-")
    reference = re.search(r"CR-\d{4}-\d{4}", h1(driver)).group(0)
    private_page = driver.current_url
    assert "Your application has been received" in main_text(driver)
    assert_no_axe_violations(driver)
    mail = wait_for_mail(lambda to, subject, text: to == APPLICANT and reference in subject)
    assert mail and private_page in mail[0][2]

    # The single point of contact finds it in the register, overdue-ready with its deadline.
    sign_in(driver, base_url, SPOC)
    driver.get(base_url + "/case-reviews")
    assert h1(driver) == "ASB Case Reviews"
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, reference))
    review_url = driver.current_url
    text = main_text(driver)
    assert "Riverside Council ASB Team" in text and "Riverside Safer Neighbourhoods Police" in text
    assert "3 of 3 qualifying complaints counted" in text
    assert_no_axe_violations(driver)

    # Contact first: an empty form is refused, then the contact is recorded and the police asked.
    submit(driver, "Contact the applicant and tell the relevant bodies")
    assert "Select how it is sent" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)
    select(driver, "Contact the applicant and tell the relevant bodies", "method", "Phone")
    fill(driver, "contact-note", "Explained the review and the CT-MARAC; Mr Gupta will attend.")
    submit(driver, "Contact the applicant and tell the relevant bodies")
    choose(driver, "Decide whether the threshold is met", "decision", "met")
    fill(driver, "threshold_decision-reason", "Three qualifying complaints to the council and the police.")
    submit(driver, "Decide whether the threshold is met")
    select(driver, "Tell the applicant the threshold decision", "method", "Email")
    submit(driver, "Tell the applicant the threshold decision")

    # The police reply to the request for information.
    switch_user(driver, base_url, POLICE)
    driver.get(review_url)
    fill(driver, driver.find_element(By.CSS_SELECTOR, "textarea[name='reply']").get_attribute("id"),
         "Two calls; officers moved the cars on once.")
    click_button(driver, "Send the information")
    assert "Two calls; officers moved the cars on once." in main_text(driver)
    assert_no_axe_violations(driver)

    # The CT-MARAC meets today: the review is listed, held and recorded.
    switch_user(driver, base_url, SPOC)
    driver.get(base_url + "/panels")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, CT_MARAC))
    set_date(driver, "held_on", today.isoformat())
    driver.execute_script("document.getElementById('starts_at').value = '09:30'")
    fill(driver, "place", "Case Review room")
    click_button(driver, "Arrange the meeting")
    driver.get(review_url)
    listing = "List the review for a CT-MARAC meeting"
    meeting = [o.text for o in section(driver, listing).find_elements(By.TAG_NAME, "option") if "Case Review room" in o.text][0]
    select(driver, listing, "meeting_id", meeting)
    select(driver, listing, "method", "Email")
    submit(driver, listing)
    heading = "Review the case at the CT-MARAC"
    select(driver, heading, "lead_organisation_id", "Riverside Safer Neighbourhoods Police")
    select(driver, heading, "lead_officer_id", "PC Dan Hughes, Riverside Safer Neighbourhoods Police")
    choose(driver, heading, "made_recommendations", "yes")
    fill(driver, "review-recommendations", "A height barrier at the bays and weekend patrols.")
    choose(driver, heading, "victim_attended", "yes")
    submit(driver, heading)
    select(driver, "Tell the applicant the outcome of the review", "method", "Email")
    submit(driver, "Tell the applicant the outcome of the review")
    fill(driver, "actions-note", "Patrols booked for four weekends.")
    submit(driver, "Lead officer acts on the review's decisions")
    submit(driver, "Draft the resolution letter")
    assert_no_axe_violations(driver)

    # The chair signs off the resolution letter; the single point of contact sends it.
    switch_user(driver, base_url, CHAIR)
    driver.get(review_url)
    section(driver, "Sign off the resolution letter").find_element(By.NAME, "confirm").click()
    submit(driver, "Sign off the resolution letter")
    assert "signed off" in main_text(driver)
    switch_user(driver, base_url, SPOC)
    driver.get(review_url)
    select(driver, "Send the resolution letter, signed off by the chair", "method", "Email")
    submit(driver, "Send the resolution letter, signed off by the chair")
    letters = wait_for_mail(lambda to, subject, text: to == APPLICANT and "resolution letter" in subject)
    assert letters and "height barrier" in letters[0][2]

    # The applicant reads it on their private page and appeals.
    driver.get(base_url + "/sign-in")
    driver.delete_all_cookies()
    driver.get(private_page)
    assert "Resolution letter" in main_text(driver)
    click_button(driver, "Send my answer")
    assert "Select whether you are satisfied" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)
    driver.find_element(By.ID, "response-appeal").click()
    fill(driver, "note", "The racing goes on at weekends.")
    click_button(driver, "Send my answer")
    assert "Not satisfied: asks for an appeal" in main_text(driver)

    # The chair sat on the review: refused. The inspector did not: nominated, and decides.
    sign_in(driver, base_url, SPOC)
    driver.get(review_url)
    nominate = "Nominate the appeal review officer"
    select(driver, nominate, "officer_id", "Priya Shah, Riverside Council ASB Team")
    submit(driver, nominate)
    assert "sat on or ran the review" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)
    select(driver, nominate, "officer_id", "Inspector Ruth Cole, Riverside Safer Neighbourhoods Police")
    submit(driver, nominate)
    switch_user(driver, base_url, INSPECTOR)
    driver.get(review_url)
    appeal = "Decide the appeal"
    choose(driver, appeal, "outcome", "partly_upheld")
    fill(driver, "appeal-reason", "The patrols happened; the barrier is late and is to be fitted within two weeks.")
    select(driver, appeal, "method", "Email")
    submit(driver, appeal)
    assert "Appeal partly upheld" in main_text(driver)
    assert_no_axe_violations(driver)

    # The publication counts it, with a drill-down to the application for staff.
    switch_user(driver, base_url, SPOC)
    driver.get(base_url + "/case-reviews/publication")
    assert h1(driver) == "ASB Case Review: annual publication"
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "applications: Appeals"))
    assert reference in main_text(driver)
    assert_no_axe_violations(driver)
    driver.get(base_url + "/case-reviews/new")
    assert h1(driver) == "Record an ASB Case Review application"
    assert_no_axe_violations(driver)
    click_button(driver, "Record the application")
    assert "Select who is applying" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)

    # The CT-MARAC's meeting lists the Case Reviews heard at it.
    driver.get(base_url + "/panels")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, CT_MARAC))
    click_and_wait(driver, driver.find_element(By.XPATH, "//main//li[contains(., 'Case Review room')]/a"))
    assert reference in main_text(driver)
    assert_no_axe_violations(driver)

    # A threshold beyond what the form allows is refused with a clear message.
    switch_user(driver, base_url, ADMIN)
    driver.get(base_url + "/admin/case-review")
    fill(driver, "threshold", "99")
    click_button(driver, "Save the arrangements")
    assert "Enter a threshold from 1 to 10" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)
