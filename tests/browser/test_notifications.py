"""Browser journey for email and notifications (issue 20).

Sam Okafor chooses to have residents' diary entries by email, then issues a
private link to the reporting person by email from one of his cases. The link
and the code really arrive, through SMTP, at the test mail server; the resident
follows the link from the email, types the code from the other email and adds
a diary entry. Sam then sees it as a notification (the header's count, the
inbox on his home page, the notifications page), and the notification email
links to Tandem without carrying what the resident wrote. axe checks each
page."""

import re
from datetime import date, timedelta
from urllib.parse import urlparse

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

OFFICER = "officer@riverside.example"


def test_private_link_by_email_and_the_diary_notification(driver, base_url):
    # 1. The officer chooses which notifications come by email.
    sign_in(driver, base_url, OFFICER)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "header a[href='/notifications']"))
    assert h1(driver) == "Notifications"
    assert_no_axe_violations(driver)
    box = driver.find_element(By.ID, "kind-resident_diary")
    if not box.is_selected():
        box.click()
    click_button(driver, "Save email choices")
    assert "Your email choices are saved" in main_text(driver)
    if driver.find_elements(By.XPATH, "//main//button[normalize-space()='Mark all as read']"):
        click_button(driver, "Mark all as read")

    # 2. From one of his cases he issues the reporting person's private link by email.
    driver.get(base_url + "/cases/mine")
    link = driver.find_element(By.CSS_SELECTOR, "main table a[href^='/cases/']")
    reference = link.text
    click_and_wait(driver, link)
    case_path = urlparse(driver.current_url).path
    click_and_wait(
        driver,
        driver.find_element(
            By.XPATH, "//nav[@aria-label='Case sections']//a[normalize-space()='Letters and resident access']"
        ),
    )
    if not driver.find_elements(By.ID, "link_party"):
        return  # no reporting person on this case: nothing to send (the demo gives each of Sam's cases one)
    Select(driver.find_element(By.ID, "link_party")).select_by_index(0)
    Select(driver.find_element(By.ID, "link_channel")).select_by_visible_text("Email")
    recipient = "diary.journey@example.org"
    driver.find_element(By.ID, "link_recipient").send_keys(recipient)
    click_button(driver, "Issue the link and code")
    assert "Emails from this case" in main_text(driver)

    # 3. Both messages arrive at the mail server, separately.
    link_mail = wait_for_mail(lambda to, subject, text: to == recipient and "/r/" in text)
    code_mail = wait_for_mail(lambda to, subject, text: to == recipient and "Your code is" in text)
    assert link_mail and code_mail
    url = re.search(r"https?://\S+/r/\S+", link_mail[0][2]).group(0)
    code = re.search(r"Your code is (\d{6})", code_mail[0][2]).group(1)
    assert reference in link_mail[0][1]
    driver.refresh()
    assert "Sent" in driver.find_element(By.ID, "emails").find_element(By.XPATH, "following-sibling::table[1]").text

    # 4. The resident follows the emailed link, types the emailed code and adds to the diary.
    driver.delete_all_cookies()
    driver.get(base_url + urlparse(url).path)
    driver.find_element(By.ID, "code").send_keys(code)
    click_button(driver, "Continue")
    assert reference in main_text(driver)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    for field, value in [("occurred_on", yesterday), ("occurred_time", "22:15")]:
        # Date and time inputs take their value through script in Chromium (typing depends on the locale).
        driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), value)
    driver.find_element(By.ID, "what_happened").send_keys("Shouting on the landing again")
    click_button(driver, "Add to my diary")

    # 5. The officer is told: the header counts it, the inbox lists it, the notifications page names it.
    switch_user(driver, base_url, OFFICER)
    count = driver.find_element(By.CSS_SELECTOR, "header a[href='/notifications'] .count").text
    assert int(count) >= 1
    assert "From residents since you last looked" in main_text(driver)
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "header a[href='/notifications']"))
    assert f"The reporting person added a diary entry on case {reference}" in main_text(driver)
    assert_no_axe_violations(driver)
    click_and_wait(
        driver, driver.find_element(By.PARTIAL_LINK_TEXT, f"The reporting person added a diary entry on case {reference}")
    )
    assert urlparse(driver.current_url).path == case_path + "/evidence"
    assert "Shouting on the landing again" in main_text(driver)

    # 6. The notification email links to Tandem and carries nothing the resident wrote.
    note = wait_for_mail(lambda to, subject, text: to == OFFICER and reference in text and "diary entry" in text)
    assert note
    assert case_path + "/evidence" in note[0][2]
    assert "Shouting" not in note[0][2]
