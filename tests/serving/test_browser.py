"""The pages in a real headless browser: Debian's chromium, driven by selenium through chromedriver.

CI installs chromium and chromium-driver (.ci/run); elsewhere the test skips, saying what is missing.
Screenshots go to the test's temporary folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (a dev dependency) is not installed")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="no chromium or chromedriver: apt-get install -y chromium chromium-driver (CI does, in .ci/run)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def test_query_page_runs_a_library_question(served, browser, tmp_path: Path):
    browser.get(f"{served.base}/")
    wait = WebDriverWait(browser, 60)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#yasgui .CodeMirror")))
    text = browser.execute_script("return document.querySelector('#yasgui .CodeMirror').CodeMirror.getValue()")
    assert "PREFIX tg: <https://w3id.org/trialgraph/ontology/>" in text and "SELECT ?trial" in text
    Select(browser.find_element(By.ID, "question")).select_by_value("arms-per-trial")
    browser.find_element(By.ID, "question-run").click()
    wait.until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "#question-results tbody tr"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#question-results tbody tr")
    headers = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#question-results thead th")]
    assert len(rows) >= 5 and headers[0]
    assert "NCT04426201" in browser.find_element(By.ID, "question-results").text
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#question-downloads a")]
    assert any(link.endswith("format=csv") for link in links)
    browser.save_screenshot(str(tmp_path / "query-page.png"))
    assert (tmp_path / "query-page.png").stat().st_size > 10_000


def test_query_page_editor_runs_a_query(served, browser, tmp_path: Path):
    browser.get(f"{served.base}/")
    wait = WebDriverWait(browser, 60)
    button = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#yasgui .yasqe_queryButton")))
    button.click()
    wait.until(lambda driver: "NCT05190094" in driver.find_element(By.CSS_SELECTOR, "#yasgui .yasr").text)
    browser.save_screenshot(str(tmp_path / "editor.png"))


def test_trial_page_shows_its_diagram(served, browser, tmp_path: Path):
    browser.get(f"{served.base}/id/trial/NCT05190094")
    diagram = WebDriverWait(browser, 30).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "svg.regimen-diagram"))
    )
    assert diagram.size["width"] > 600 and diagram.size["height"] > 50
    bars = browser.find_elements(By.CSS_SELECTOR, "svg.regimen-diagram rect.administration")
    assert len(bars) >= 3 and all(bar.size["width"] > 0 for bar in bars)
    assert "Palbociclib" in browser.find_element(By.TAG_NAME, "h1").text or "Palbociclib" in browser.page_source
    browser.save_screenshot(str(tmp_path / "trial-page.png"))
