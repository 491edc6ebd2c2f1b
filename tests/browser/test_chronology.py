"""Browser journey for a person's chronology (issue 23): the case officer finds
Kevin Doyle, opens his chronology across the cases they may see, filters it
by kind and period (with the error state), and prints it; the police partner
sees it for the case shared with them. Axe checks every state."""

import base64

from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions

from conftest import assert_no_axe_violations, click_and_wait, click_button, h1, main_text, sign_in, switch_user

OFFICER = "officer@riverside.example"
POLICE = "police@riverside.example"


def test_chronology_filtered_and_printed(driver, base_url):
    sign_in(driver, base_url, OFFICER)
    driver.get(base_url + "/people?name=Kevin+Doyle")
    click_and_wait(driver, driver.find_element(By.XPATH, "//main//a[normalize-space()='Kevin Doyle']"))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Chronology across their cases"))
    assert h1(driver) == "Kevin Doyle"
    table = driver.find_element(By.ID, "chronology").text
    assert "ASB-2026-00002" in table and "Riverside Council ASB Team" in table
    chronology_url = driver.current_url
    assert_no_axe_violations(driver)

    # Only the reports, then an impossible period.
    driver.find_element(By.ID, "kind-report").click()
    click_button(driver, "Show")
    kinds = [row.find_elements(By.TAG_NAME, "td")[1].text for row in driver.find_elements(By.CSS_SELECTOR, "#chronology tbody tr")]
    assert kinds and all(kind == "Reports and incidents" for kind in kinds)
    driver.execute_script("document.getElementById('from').value = '2026-11-30'; document.getElementById('to').value = '2026-11-01'")
    click_button(driver, "Show")
    assert "The end of the period must be on or after its start" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)

    # Printed: a real PDF of the page, without the navigation.
    driver.get(chronology_url)
    pdf = base64.b64decode(driver.print_page(PrintOptions()))
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000

    # The police partner sees it too, for the case shared with the police.
    switch_user(driver, base_url, POLICE)
    driver.get(chronology_url)
    assert h1(driver) == "Kevin Doyle"
    assert "ASB-2026-00002" in main_text(driver)
    assert_no_axe_violations(driver)


def test_court_file_printed(driver, base_url):
    """The case file for court (issue 23): from the enforcement tab, with its index and numbered sections."""
    from conftest import open_case

    switch_user(driver, base_url, OFFICER)
    case_url = open_case(driver, base_url, "ASB-2026-00004")
    driver.get(case_url + "/enforcement")
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Court file"))
    assert h1(driver) == "Case ASB-2026-00004"
    text = main_text(driver)
    for title in ["Index", "A. Chronology", "B. Actions and measures tried", "C. Proportionality and Equality Act review",
                  "D. Evidence register", "E. Witness statements and interviews", "F. Letters sent"]:
        assert title in text, title
    assert "A1" in text
    assert_no_axe_violations(driver)
    pdf = base64.b64decode(driver.print_page(PrintOptions()))
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 7
