"""The committed reference's results page (results/reference/index.html), in
a real browser: Debian's headless Chromium, driven by selenium through
chromedriver (check_deps.sh installs the three).  The page loads from disk
with no error in the console, a click on a heading sorts its table, the
family filter hides the other families' rows, the search finds a row, a
figure links to its raw values, and a click on a chart's legend entry hides
its series.  A screenshot is kept in build/page.png for a look.  The page is
also the toolkit's own: page.py writes it again, identical."""
import os
import shutil

import pytest

import harness
from harness.pipeline import results_io
from harness.pipeline.publish import page

REFERENCE = os.path.join(harness.ROOT, "results", "reference")
PAGE = os.path.join(REFERENCE, page.PAGE)
SCREENSHOT = os.path.join(harness.BUILD, "page.png")

try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import Select
except ImportError:          # the check of build/config.mk names why
    webdriver = None
BROWSER = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
NO_BROWSER = ("the page's test needs chromium, chromium-driver and python3-selenium "
              "(make test installs them as root; apt-get install chromium chromium-driver "
              "python3-selenium)")
# Skipped without a browser, but never in CI (.ci/run sets CI): there the
# page must be seen in one.
needs_browser = pytest.mark.skipif(
    (webdriver is None or not BROWSER or not DRIVER) and not os.environ.get("CI"),
    reason=NO_BROWSER)


def test_the_reference_page_is_the_toolkits_own():
    with open(PAGE, encoding="utf-8") as f:
        text = f.read()
    assert text == page.page(results_io.ResultsFolder(REFERENCE)), \
        "results/reference/index.html is stale: python3 -m harness.pipeline.publish.page " \
        "results/reference"
    assert "`" not in text, "the report's Markdown code spans shown raw on the page"


@pytest.fixture(scope="module")
def browser():
    if webdriver is None or not BROWSER or not DRIVER:
        pytest.fail(NO_BROWSER)
    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--allow-file-access-from-files", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The browser is not the code under test: under the sanitizer suite
    # (.ci/run's LD_PRELOAD of libasan) it must start without it.
    env = {k: v for k, v in os.environ.items()
           if k not in ("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS", "PYTHONMALLOC")}
    driver = webdriver.Chrome(service=Service(DRIVER, env=env), options=options)
    driver.get("file://" + PAGE)
    yield driver
    driver.quit()


def _column(driver, table, index):
    return [row.find_elements(By.TAG_NAME, "td")[index].text
            for row in driver.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr")
            if row.is_displayed()]


@needs_browser
def test_the_page_sorts_filters_searches_and_links(browser):
    summary = browser.find_element(By.ID, "summary")
    heading = summary.find_elements(By.TAG_NAME, "th")[1]           # add_i64
    heading.click()
    figures = [float(text.split()[0].rstrip("†‡¹²³")) for text in _column(browser, "summary", 1)
               if text]
    assert figures == sorted(figures) and len(figures) > 10
    heading.click()
    figures = [float(text.split()[0].rstrip("†‡¹²³")) for text in _column(browser, "summary", 1)
               if text]
    assert figures == sorted(figures, reverse=True)
    Select(browser.find_element(By.ID, "family")).select_by_value("cython")
    shown = _column(browser, "summary", 0)
    assert shown and all("cython" in name for name in shown)
    Select(browser.find_element(By.ID, "family")).select_by_value("")
    browser.find_element(By.ID, "search").send_keys("add_i64 ctypes.cdll interp")
    found = _column(browser, "rows", 0)
    assert "add_i64/ctypes.cdll/interp" in found and len(found) < 5
    link = summary.find_element(By.CSS_SELECTOR, "tbody tr td a")
    target = link.get_attribute("href").split("#", 1)[1]
    assert browser.find_element(By.ID, target).text.startswith(target[len("raw-"):])
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(SCREENSHOT)
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


@needs_browser
def test_a_click_on_a_legend_entry_hides_its_series(browser):
    frame = browser.find_element(By.CSS_SELECTOR, 'iframe[src="buffer.svg"]')
    browser.switch_to.frame(frame)
    try:
        entry = browser.find_elements(By.CSS_SELECTOR, 'g[id$="_keyentry"]')[0]
        series = entry.get_attribute("id").removesuffix("_keyentry")
        plot = browser.find_element(By.ID, series)
        assert plot.get_attribute("visibility") != "hidden"
        browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', "
                               "{bubbles: true}));", entry)
        assert browser.find_element(By.ID, series).get_attribute("visibility") == "hidden"
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
    finally:
        browser.switch_to.default_content()
