"""Browser journey for a respondent's subject access request (issue 23): the
information governance lead opens the demo's request from Kevin Doyle, the
respondent on Marsh House, is refused when trying to release who complained,
withholds another detail with a reason, signs the bundle off, downloads the
ZIP and records its release. Every file in the ZIP is searched for the
reporting person's name, address, phone and email. Then a new request is
recorded with its error states and the ICO's due date. Axe checks every page
and error state."""

import io
import urllib.request
import zipfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    assert_no_axe_violations,
    click_and_wait,
    click_button,
    h1,
    main_text,
    sign_in,
)

LEAD = "governance@riverside.example"
REPORTING_PERSON = ["Maria Lopez", "07700 900202", "maria.lopez@example.org", "Flat 12, Marsh House"]


def fill(driver, element_id, text):
    element = driver.find_element(By.ID, element_id)
    element.clear()
    element.send_keys(text)


def download(driver, url):
    """Fetch `url` with the browser's session cookie."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/zip")
        return response.read()


def test_respondent_bundle_released_without_the_reporting_person(driver, base_url):
    sign_in(driver, base_url, LEAD)
    click_and_wait(driver, driver.find_element(By.XPATH, "//nav//a[normalize-space()='Subject access']"))
    assert h1(driver) == "Subject access and other requests"
    assert_no_axe_violations(driver)
    click_and_wait(driver, driver.find_element(By.XPATH, "//table[@id='requests']//tr[contains(., 'Kevin Doyle')]//a"))
    assert h1(driver).startswith("Request SAR-")
    assert "Bundle gathered, in review" in main_text(driver)
    preview = " ".join(e.text for e in driver.find_elements(By.CLASS_NAME, "bundle-document"))
    assert "Kevin Doyle" in preview and "[Withheld" in preview
    for detail in REPORTING_PERSON:
        assert detail not in preview, detail
    assert_no_axe_violations(driver)

    # Releasing who reported him is refused, with the reason kept in the form.
    row = driver.find_element(By.XPATH, "//table[@id='redactions']//tr[td[contains(., 'Another person: a person who reported')]]")
    row.find_element(By.CSS_SELECTOR, "input[name='reason']").send_keys("He asked who complained")
    click_and_wait(driver, row.find_element(By.XPATH, ".//button"))
    assert "is not released to the person they complained about" in driver.find_element(By.CLASS_NAME, "error-summary").text
    assert_no_axe_violations(driver)

    # Signing off without confirming is refused; confirmed, it is signed off.
    click_button(driver, "Sign off the bundle")
    assert "Confirm that you have reviewed every withheld and released detail" in main_text(driver)
    driver.find_element(By.ID, "confirm").click()
    click_button(driver, "Sign off the bundle")
    assert "Bundle signed off" in main_text(driver)
    assert_no_axe_violations(driver)

    # The ZIP: an index and readable documents, none naming the reporting person.
    data = download(driver, driver.find_element(By.ID, "download").get_attribute("href"))
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert any(name.endswith("00-index.txt") for name in names)
    assert any("case-ASB-2026-00002" in name for name in names)
    everything = "\n".join(archive.read(name).decode("utf-8") for name in names)
    assert "Kevin Doyle" in everything
    for detail in REPORTING_PERSON:
        assert detail.lower() not in everything.lower(), detail

    fill(driver, "method", "Sent by recorded post")
    click_button(driver, "Record the release")
    assert "Bundle released" in main_text(driver)
    assert driver.find_element(By.ID, "status").text == "Released"
    assert not driver.find_elements(By.ID, "download")
    assert_no_axe_violations(driver)

    # A new request: refused with clear messages, then recorded with the ICO's due date.
    driver.find_element(By.LINK_TEXT, "Back to the register").click()
    fill(driver, "requester_name", "Someone Else")
    fill(driver, "case_reference", "ASB-2026-00002")
    click_button(driver, "Record the request")
    summary = driver.find_element(By.CLASS_NAME, "error-summary").text
    assert "Choose how the requester is involved" in summary
    assert "Enter the date the request was received" in summary
    assert driver.find_element(By.ID, "case_reference").get_attribute("value") == "ASB-2026-00002"
    assert_no_axe_violations(driver)
    fill(driver, "requester_name", "Maria Lopez")
    Select(driver.find_element(By.ID, "requester_role")).select_by_value("reporting_person")
    fill(driver, "details", "Everything about my reports")
    driver.execute_script("document.getElementById('received_on').value = arguments[0]", "2026-11-02")
    driver.execute_script("document.getElementById('identity_confirmed_on').value = arguments[0]", "2026-11-02")
    fill(driver, "identity_method", "Known to the officer; email from her address on file")
    click_button(driver, "Record the request")
    assert "Request recorded" in main_text(driver)
    # A month from Monday 2 November 2026 is Wednesday 2 December 2026.
    assert driver.find_element(By.ID, "due").text.startswith("2 Dec 2026")
    assert_no_axe_violations(driver)
