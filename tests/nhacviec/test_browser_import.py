"""Import review and a deadline edit in a real headless browser (Debian's chromium): upload a
plan, correct a lead unit in the table, drop a row, store it, then give a task a new deadline
and see its reminder plan follow. Screenshots go to test-output/web/."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.nhacviec.test_browser import SHOTS, _browser, page_wait, pytestmark  # noqa: F401  (skip without chromium)
from tests.nhacviec.test_import_review_http import PLAN, world  # noqa: F401  (fixture)
from tests.nhacviec.test_workspace_http import link_for


def _review_and_edit(base: str, token: str, plan_file: Path) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as arrived

    SHOTS.mkdir(parents=True, exist_ok=True)
    driver = _browser(1400, 1000)
    wait = page_wait(driver, 30)
    seen: dict = {}
    try:
        driver.get(f"{base}/web/vao/{token}")
        driver.find_element(By.LINK_TEXT, "Nhập kế hoạch").click()
        wait.until(arrived.url_contains("/web/nhap"))
        driver.find_element(By.CSS_SELECTOR, 'input[type="file"]').send_keys(str(plan_file))
        driver.find_element(By.XPATH, '//button[text()="Đọc kế hoạch"]').click()
        wait.until(arrived.presence_of_element_located((By.CSS_SELECTOR, "table.review")))
        seen["flagged"] = len(driver.find_elements(By.CSS_SELECTOR, "table.review tr.flagged"))
        driver.save_screenshot(str(SHOTS / "import-review.png"))
        lead = driver.find_element(By.NAME, "lead_3")
        lead.clear()
        lead.send_keys("Phòng Quản lý Công nghệ")
        driver.find_element(By.NAME, "bo_4").click()
        driver.find_element(By.XPATH, '//button[text()="Lưu kế hoạch"]').click()
        wait.until(arrived.url_contains("/web/tasks?ke_hoach="))
        rows = driver.find_elements(By.CSS_SELECTOR, "table.tasks tbody tr")
        seen["stored"] = [r.text for r in rows]
        target = next(r for r in rows if "máy chủ" in r.text)
        target.find_element(By.CSS_SELECTOR, 'a[href^="/web/tasks/"]').click()
        wait.until(arrived.presence_of_element_located((By.NAME, "han")))
        seen["reminders_before"] = [r.text for r in driver.find_elements(By.XPATH, '//h2[text()="Lời nhắc"]/following-sibling::table[1]//tbody/tr')]
        field = driver.find_element(By.NAME, "han")
        driver.execute_script("arguments[0].value = '2026-07-31'", field)
        driver.find_element(By.XPATH, '//button[text()="Đặt hạn"]').click()
        wait.until(arrived.url_contains("?da=han"))
        seen["flash"] = driver.find_element(By.CSS_SELECTOR, ".flash").text
        seen["facts"] = driver.find_element(By.CSS_SELECTOR, "dl.facts").text
        seen["reminders_after"] = [r.text for r in driver.find_elements(By.XPATH, '//h2[text()="Lời nhắc"]/following-sibling::table[1]//tbody/tr')]
        driver.save_screenshot(str(SHOTS / "task-deadline-edited.png"))
        return seen
    finally:
        driver.quit()


async def test_correct_an_import_then_move_a_deadline_in_chromium(world, tmp_path):  # noqa: F811
    plan_file = tmp_path / "ke-hoach-so-hoa.txt"
    plan_file.write_text(PLAN, encoding="utf-8")
    base = str(world.server.make_url("")).rstrip("/")
    seen = await asyncio.to_thread(_review_and_edit, base, await link_for(world, "lan"), plan_file)
    assert seen["flagged"] == 2
    assert len(seen["stored"]) == 3 and not any("mượn hồ sơ giấy" in r for r in seen["stored"])
    assert any("máy chủ" in r and "Phòng Quản lý Công nghệ" in r for r in seen["stored"])
    assert "lập lại theo hạn này" in seen["flash"] and "31/07/2026" in seen["facts"]
    assert seen["reminders_before"] and seen["reminders_after"] != seen["reminders_before"]
    assert any("07/2026" in r for r in seen["reminders_after"])
    for name in ("import-review.png", "task-deadline-edited.png"):
        assert (SHOTS / name).stat().st_size > 5_000
