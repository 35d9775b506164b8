#!/usr/bin/env python3
"""Drives Sedia in headless Chromium: sign in, open a case, find a slot, book it, see it on the centre's week
view and in the officer's calendar feed, tick a checklist item. Saves screenshots of the main pages.

Usage: Tests/browser/browser_test.py SEDIA_BINARY [--screenshots docs/screenshots]

Needs Debian's chromium and chromium-driver and `pip install selenium` (the Makefile's browser-test target
installs them). Exits 0 when every step worked, 1 with the failing step otherwise.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "browser-test-password"
CASE = "B-2027-9001"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, stdin=None):
    result = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{result.stdout}{result.stderr}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sedia")
    parser.add_argument("--screenshots", default=None, help="folder for PNG screenshots (none when omitted)")
    args = parser.parse_args()
    sedia = os.path.abspath(args.sedia)

    work = tempfile.mkdtemp(prefix="sedia-browser-")
    db = os.path.join(work, "sedia.sqlite")
    run([sedia, "db", "init", "--db", db])
    run([sedia, "import", "instance", os.path.join(REPO, "samples", "demo-instance.json"), "--db", db])
    run([sedia, "user", "add", "--db", db, "--username", "coord", "--role", "coordinator", "--state", "MY-10", "--password-stdin"],
        stdin=PASSWORD + "\n")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sedia, "serve", "--db", db, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    driver = None
    step = "start the server"
    try:
        for _ in range(100):
            try:
                if urllib.request.urlopen(base + "/healthz", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not answer /healthz")

        options = webdriver.ChromeOptions()
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.implicitly_wait(5)

        def shot(name):
            if args.screenshots:
                os.makedirs(args.screenshots, exist_ok=True)
                driver.save_screenshot(os.path.join(args.screenshots, name + ".png"))

        def set_value(element_id, value):
            el = driver.find_element(By.ID, element_id)
            el.clear()
            el.send_keys(value)

        def wait_for_path(suffix):
            # A click returns before the next page loads; wait for the navigation instead of racing it.
            WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith(suffix))

        def set_date(name, value):
            el = driver.find_element(By.NAME, name)
            driver.execute_script("arguments[0].value = arguments[1]", el, value)

        step = "sign in"
        driver.get(base + "/login")
        shot("01-login")
        set_value("username", "coord")
        set_value("password", PASSWORD)
        driver.find_element(By.ID, "signin").click()
        wait_for_path("/cases")
        shot("02-cases")

        step = "create a case"
        driver.get(base + "/cases/new")
        set_value("case-id", CASE)
        set_value("child-ref", "C-9001")
        set_value("age", "9")
        set_value("languages", "ms")
        set_value("lat", "3.07")
        set_value("lon", "101.52")
        set_date("earliest", "2027-01-04")
        set_date("targetBy", "2027-01-29")
        driver.find_element(By.CSS_SELECTOR, "select[name=court] option[value='SES-SA']").click()
        set_date("registeredOn", "2027-01-04")
        set_date("deadline", "2027-12-31")
        set_date("hearingEarliest", "2027-03-01")
        shot("03-intake")
        driver.find_element(By.ID, "create-case").click()
        wait_for_path("/cases/" + CASE)

        step = "find a slot"
        driver.find_element(By.ID, "find-slot").click()
        wait_for_path("/slots?task=interview")
        shot("04-find-a-slot")
        start = driver.find_element(By.CSS_SELECTOR, "input[name=start]").get_attribute("value")
        officer = driver.find_element(By.CSS_SELECTOR, "input[name=interviewer]").get_attribute("value")
        room = driver.find_element(By.CSS_SELECTOR, "input[name=room]").get_attribute("value")

        step = "book it"
        driver.find_element(By.CSS_SELECTOR, "button.book-option").click()
        wait_for_path("/cases/" + CASE)
        booking = driver.find_element(By.ID, "interview-booking").text
        assert start in booking and officer in booking, booking
        shot("05-case-booked")

        step = "see it on the week view"
        centre = "CIC-SA" if room.startswith("CIC-SA") else "CIC-KUL"
        driver.get(f"{base}/week/centre/{centre}?from={start[:10]}")
        assert CASE in driver.page_source, "case missing from the week view"
        shot("06-week-centre")
        driver.get(f"{base}/week/officer/{officer}?from={start[:10]}")
        assert CASE in driver.page_source, "case missing from the officer's week"

        step = "see it in the officer's feed"
        driver.get(base + "/me")
        driver.find_element(By.CSS_SELECTOR, f"#feed option[value='centre:{centre}']").click()
        driver.find_element(By.ID, "create-feed").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "feed-https"))
        shot("07-my-feeds")
        url = run([sedia, "feed-token", "create", "--db", db, "--username", "coord", "--feed", f"officer:{officer}", "--base-url", base]).strip()
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
            feed = response.read().decode()
        # Served feeds are SediaCalendar's: the booking at its local time, titled by room; the case reference only
        # in the case prosecutor's own feeds.
        dtstart = "DTSTART;TZID=Asia/Kuala_Lumpur:" + start.replace("-", "").replace(":", "") + "00"
        assert dtstart in feed, "booking missing from the officer's feed"
        assert "SUMMARY:Interview – " in feed, "interview title missing from the officer's feed"
        assert CASE not in feed, "case reference in a shared feed"
        assert "C-9001" not in feed, "child reference leaked into the feed"
        shown = driver.find_element(By.ID, "feed-https").text
        with urllib.request.urlopen(shown, timeout=5) as response:
            assert response.status == 200

        step = "tick a checklist item"
        driver.get(f"{base}/cases/{CASE}/checklist")
        first = driver.find_element(By.CSS_SELECTOR, "button.tick")
        item = first.get_attribute("data-item")
        first.click()
        WebDriverWait(driver, 10).until(lambda d: "coord" in d.find_element(By.XPATH, f"//input[@name='item' and @value='{item}']/ancestor::tr").text)
        row = driver.find_element(By.XPATH, f"//input[@name='item' and @value='{item}']/ancestor::tr")
        assert "✔" in row.text and "coord" in row.text, row.text
        shot("08-checklist")

        step = "deadline board"
        driver.get(base + "/board")
        assert "<svg" in driver.page_source and CASE in driver.page_source
        shot("09-deadline-board")
        print("browser test passed: sign-in, intake, find a slot, book, week view, feed, checklist")
        return 0
    except Exception as error:  # noqa: BLE001 - report which step failed, whatever the cause
        print(f"browser test failed at '{step}': {error!r}", file=sys.stderr)
        if driver is not None:
            print(driver.current_url, file=sys.stderr)
        return 1
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
