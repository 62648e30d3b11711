"""The web workspace in a real headless browser (Debian's chromium, through chromedriver):
sign in with a link, read the counts, filter, open a task, on a desktop and on a phone.
Screenshots go to test-output/web/ as the run's artefacts. Skipped only where Chromium is
not installed (.ci/run installs it)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from tests.nhacviec.test_workspace_http import link_for, world  # noqa: F401  (fixture)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "web"

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs chromium and chromedriver")


def _browser(width: int, height: int, phone: bool = False):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--lang=vi"):
        options.add_argument(arg)
    if phone:  # a phone's screen: headless windows are never narrower than 500 px
        options.add_experimental_option(
            "mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def page_wait(driver, seconds: float = 20):
    """A wait for the next page that rides out reading the page being left: chromedriver may
    answer that with "Node … does not belong to the document" rather than a stale element."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException, WebDriverException))


def _desktop_session(base: str, token: str, late_id: int) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as arrived

    SHOTS.mkdir(parents=True, exist_ok=True)
    driver = _browser(1280, 900)
    try:
        driver.get(f"{base}/web/vao/{token}")
        seen: dict = {"url": driver.current_url, "title": driver.title}
        cards = driver.find_elements(By.CSS_SELECTOR, "nav.counts a.count")
        seen["cards"] = [c.text.replace("\n", " ") for c in cards]
        seen["rows"] = len(driver.find_elements(By.CSS_SELECTOR, "table.tasks tbody tr"))
        driver.save_screenshot(str(SHOTS / "tasks-desktop.png"))
        overdue = next(c for c in cards if "Quá hạn" in c.text)
        overdue.click()  # the red count card filters the table
        wait = page_wait(driver)  # a loaded machine: wait for each page, never sleep
        wait.until(arrived.url_contains("loai=overdue"))
        seen["filtered_url"] = driver.current_url
        rows = driver.find_elements(By.CSS_SELECTOR, "table.tasks tbody tr")
        seen["filtered_rows"] = [r.text for r in rows]
        badge = driver.find_element(By.CSS_SELECTOR, "table.tasks .badge")
        seen["badge_colour"] = badge.value_of_css_property("background-color")
        driver.save_screenshot(str(SHOTS / "tasks-overdue.png"))
        driver.find_element(By.CSS_SELECTOR, f'a[href="/web/tasks/{late_id}"]').click()
        wait.until(arrived.url_contains(f"/web/tasks/{late_id}"))
        seen["detail_h1"] = driver.find_element(By.TAG_NAME, "h1").text
        seen["detail_text"] = driver.find_element(By.TAG_NAME, "main").text
        driver.save_screenshot(str(SHOTS / "task-detail.png"))
        driver.find_element(By.LINK_TEXT, "Xếp hạng đơn vị").click()
        wait.until(arrived.url_contains("/web/thi-dua"))
        seen["scoreboard_units"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".bar-name")]
        driver.save_screenshot(str(SHOTS / "scoreboard.png"))
        driver.find_element(By.CSS_SELECTOR, "header form button").click()  # sign out
        wait.until(arrived.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Đã đăng xuất"))
        seen["signed_out"] = driver.find_element(By.TAG_NAME, "h1").text
        driver.get(f"{base}/web/tasks")
        seen["after_sign_out"] = driver.find_element(By.TAG_NAME, "h1").text
        return seen
    finally:
        driver.quit()


def _phone_session(base: str, token: str) -> dict:
    from selenium.webdriver.common.by import By

    driver = _browser(390, 844, phone=True)
    try:
        driver.get(f"{base}/web/vao/{token}")
        first = driver.find_element(By.CSS_SELECTOR, "table.tasks tbody tr")
        seen = {
            "row_display": first.value_of_css_property("display"),  # a card, not a table row
            "page_width": driver.execute_script("return document.documentElement.scrollWidth"),
            "screen_width": driver.execute_script("return window.innerWidth"),
        }
        driver.save_screenshot(str(SHOTS / "tasks-phone.png"))
        return seen
    finally:
        driver.quit()


async def test_sign_in_filter_and_read_a_task_in_chromium(world):  # noqa: F811
    base = str(world.server.make_url("")).rstrip("/")
    token = await link_for(world, "lan")
    seen = await asyncio.to_thread(_desktop_session, base, token, world.late.id)
    assert seen["url"].endswith("/web/tasks") and seen["title"].startswith("Nhiệm vụ")
    assert seen["rows"] == 3
    assert any(card.startswith("1 Quá hạn chưa hoàn thành") for card in seen["cards"])
    assert seen["filtered_url"].endswith("/web/tasks?loai=overdue")
    assert len(seen["filtered_rows"]) == 1 and "Rà soát quy chế" in seen["filtered_rows"][0]
    assert seen["badge_colour"] in ("rgba(198, 40, 40, 1)", "rgb(198, 40, 40)")  # red: overdue
    assert "Rà soát quy chế" in seen["detail_h1"] and "Thiếu máy quét tài liệu" in seen["detail_text"]
    assert sorted(seen["scoreboard_units"]) == ["Phòng Quản lý Công nghệ", "Phòng Quản lý Khoa học", "Thanh tra Sở"]
    assert seen["signed_out"] == "Đã đăng xuất" and seen["after_sign_out"] == "Chưa đăng nhập"
    for name in ("tasks-desktop.png", "tasks-overdue.png", "task-detail.png", "scoreboard.png"):
        assert (SHOTS / name).stat().st_size > 5_000


async def test_on_a_phone_the_table_becomes_cards(world):  # noqa: F811
    base = str(world.server.make_url("")).rstrip("/")
    token = await link_for(world, "hung")
    seen = await asyncio.to_thread(_phone_session, base, token)
    assert seen["row_display"] == "block"
    assert seen["screen_width"] == 390
    assert seen["page_width"] <= 390  # nothing wider than the phone: no sideways scrolling
    assert (SHOTS / "tasks-phone.png").stat().st_size > 5_000


def _english_session(base: str, token: str) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as arrived

    driver = _browser(1280, 900)
    try:
        driver.get(f"{base}/web/vao/{token}")
        driver.find_element(By.LINK_TEXT, "English").click()
        page_wait(driver).until(arrived.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Tasks"))
        seen = {"lang": driver.find_element(By.TAG_NAME, "html").get_attribute("lang"),
                "h1": driver.find_element(By.TAG_NAME, "h1").text,
                "cards": [c.text.replace("\n", " ") for c in driver.find_elements(By.CSS_SELECTOR, "nav.counts a.count")]}
        driver.save_screenshot(str(SHOTS / "tasks-english.png"))
        return seen
    finally:
        driver.quit()


async def test_the_pages_switch_to_english_in_chromium(world):  # noqa: F811
    base = str(world.server.make_url("")).rstrip("/")
    seen = await asyncio.to_thread(_english_session, base, await link_for(world, "lan"))
    assert seen["lang"] == "en" and seen["h1"].startswith("Tasks")
    assert any("Overdue" in card for card in seen["cards"])
    assert (SHOTS / "tasks-english.png").stat().st_size > 5_000
