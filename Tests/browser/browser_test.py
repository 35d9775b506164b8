#!/usr/bin/env python3
"""Drives Sedia in headless Chromium, once in English and once in Bahasa Malaysia (a coordinator account in each
language): sign in, intake of a new case, find a slot, book from the centre's week view, move the booking with a
reason, the officer's calendar feed, a checklist tick, the deadline board, a what-if question (a room added, the
answer waited for while the page follows the background job). On every page it checks the page's
language, that no raw translation key shows, and runs axe-core (WCAG 2.0/2.1 A and AA violations fail the test);
the case page, the centre's week, the checklist and the what-if answer are also checked at 360 px for horizontal scrolling. Before
sign-in the browser's Accept-Language decides the login page's language.

Usage: Tests/browser/browser_test.py SEDIA_BINARY [--screenshots DIR]

Screenshots (1280 px and 360 px wide; the Malay walk's in DIR/ms) go to DIR, by default a new folder under .build (`make screenshots` writes
docs/screenshots). Needs Debian's chromium and chromium-driver, and selenium and axe-selenium-python from PyPI (the
Makefile's browser-test target installs them). Exits 0 when every step worked, 1 with the failing step otherwise.
"""
import argparse
import datetime
import importlib.metadata
import os
import re
import sqlite3
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
import urllib.request

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "browser-test-password"
WCAG_TAGS = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}
# axe-core 4 (WCAG 2.1 rules) from axe-playwright-python's package files; axe-selenium-python's own is axe-core 3.
AXE_CORE = next(str(f.locate()) for f in importlib.metadata.files("axe-playwright-python") if f.name == "axe.min.js")
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# One walk per language: the account, its case, and words its pages must show.
WALKS = [
    {"lang": "en", "user": "coord-en", "case": "B-2027-9001", "child": "C-9001", "earliest": "2027-01-04", "shots": True,
     "words": {"/today": ["Today"], "/cases": ["Cases"], "booking": ["Book here"]}, "reason": "The child is unwell that day"},
    {"lang": "ms", "user": "koord-ms", "case": "B-2027-9002", "child": "C-9002", "earliest": "2027-01-11", "shots": True,
     "words": {"/today": ["Hari"], "/cases": ["Kes"], "booking": ["Tempah"]}, "reason": "Kanak-kanak tidak sihat pada hari itu"},
]


def load_strings(lang):
    """The `"key" = "text";` table of Sources/SediaTexts/Strings/LANG.strings, Sedia's one table per language."""
    path = os.path.join(REPO, "Sources", "SediaTexts", "Strings", f"{lang}.strings")
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r'\s*"((?:[^"\\]|\\.)*)"\s*=\s*"((?:[^"\\]|\\.)*)"\s*;', line)
            if m:
                table[m.group(1)] = m.group(2).replace('\\"', '"')
    return table


class Texts:
    """The pages' dates and times as the server's Localizer writes them, from the same tables."""

    def __init__(self, lang):
        self.table = load_strings(lang)

    def __call__(self, key, **values):
        text = self.table[key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        return text

    def date(self, d):
        style = "weekday." if self("format.date.weekday") == "long" else "weekday.short."
        return self("format.date", weekday=self(style + WEEKDAYS[d.weekday()]), day=str(d.day), month=self(f"month.{d.month}"),
                    year=str(d.year))

    def time(self, minute):
        h, m = divmod(minute, 60)
        if self("format.clock") != "12":
            return f"{h:02d}:{m:02d}"
        period = self("time.morning" if h < 12 else "time.noon" if h < 14 else "time.afternoon" if h < 19 else "time.night")
        return f"{h % 12 or 12}:{m:02d} {period}"

    def date_time(self, iso):
        start = datetime.datetime.fromisoformat(iso)
        return self("format.dateTime", date=self.date(start.date()), time=self.time(start.hour * 60 + start.minute))


# Staff accounts made so far in this run (one per person).
STAFF_ACCOUNTS = set()


def run(cmd, stdin=None):
    result = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{result.stdout}{result.stderr}")
    return result.stdout


def start_server(sedia, db, work):
    """The server on a port the system picks: a port is reserved by binding 0, then handed over; a lost race for it
    shows as an exit before /healthz answers, and is tried again with another port."""
    import socket

    for attempt in range(5):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        log = open(os.path.join(work, f"server-{attempt}.log"), "w")
        server = subprocess.Popen([sedia, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port),
                                   "--whatif-iterations", "1000"], stdout=log,
                                  stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return server, base
            except OSError:
                time.sleep(0.05)
        stop(server)
        with open(log.name) as f:
            print(f"server on port {port} did not start:\n{f.read()}", file=sys.stderr)
    raise AssertionError("the server did not answer /healthz")


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def new_driver(accept_language):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                 f"--lang={accept_language.split(',')[0]}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": accept_language})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(3)
    driver.set_script_timeout(60)
    return driver


class Walk:
    """The checks every page gets, and the screenshots."""

    def __init__(self, driver, base, shots, keys):
        self.driver = driver
        self.base = base
        self.shots = shots
        self.keys = keys
        self.violations = []
        self.pages = 0

    def get(self, path):
        self.driver.get(self.base + path)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def absent(self, by, what, within=None):
        """No such element on the loaded page (without the implicit wait for one to appear)."""
        self.driver.implicitly_wait(0)
        try:
            return not (within or self.driver).find_elements(by, what)
        finally:
            self.driver.implicitly_wait(3)

    def wait_for(self, condition, what):
        # Elements read while a page is being replaced go stale or vanish: the condition is simply asked again.
        WebDriverWait(self.driver, 10, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(
            lambda d: condition(d), message=what)

    def wait_for_path(self, prefix):
        # A click returns before the next page loads; wait for the navigation instead of racing it.
        self.wait_for(lambda d: urllib.parse.urlsplit(d.current_url).path.startswith(prefix) and d.execute_script(
            "return document.readyState") == "complete", f"page {prefix}")

    def set_value(self, element_id, value):
        el = self.driver.find_element(By.ID, element_id)
        el.clear()
        el.send_keys(value)

    def set_date(self, element_id, value):
        self.driver.execute_script("arguments[0].value = arguments[1]", self.driver.find_element(By.ID, element_id), value)

    def check(self, lang, words=()):
        """The page's language, its words, no raw key, and axe-core's WCAG A/AA rules."""
        d = self.driver
        self.pages += 1
        where = urllib.parse.urlsplit(d.current_url)
        where = where.path + ("?" + where.query if where.query else "")
        html_lang = d.find_element(By.TAG_NAME, "html").get_attribute("lang")
        assert html_lang == lang, f"{where}: <html lang={html_lang!r}>, expected {lang!r}"
        text = d.find_element(By.TAG_NAME, "body").text
        for word in words:
            assert re.search(r"\b" + re.escape(word) + r"\b", text), f"{where}: {word!r} missing from the page"
        raw = sorted({k for k in self.keys if k in text and re.search(r"(?<![\w.])" + re.escape(k) + r"(?![\w.])", text)})
        assert not raw, f"{where}: raw translation keys on the page: {raw}"
        axe = Axe(d, script_url=AXE_CORE)
        axe.inject()
        # axe.run(context, options) directly: the wrapper's run() passes a lone options object where axe expects a context.
        result = d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(done, e => done({error: String(e)}));",
            sorted(WCAG_TAGS))
        assert "error" not in result, f"{where}: axe-core failed: {result.get('error')}"
        for v in result["violations"]:
            if WCAG_TAGS & set(v["tags"]):
                nodes = "; ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"][:5])
                self.violations.append(f"[{lang}] {where}: {v['id']} ({v['impact']}): {v['help']} — {nodes}")

    def narrow(self, on):
        if on:
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                        {"width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": True})
        else:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        # The emulation applies with the next frame; there is no event for it that works on every page (a mobile
        # viewport may report the content's width), so the next frame is waited for by the page itself.
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));")

    def no_sideways_scroll(self, lang):
        """At 360 px the page body does not scroll sideways (a wide grid scrolls in its own .scroll box), and axe-core
        finds nothing there either (a box that scrolls must be reachable by keyboard)."""
        self.narrow(True)
        try:
            widths = self.driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[1] <= 400, f"viewport not narrowed: {widths}"
            assert widths[0] <= widths[1], f"{self.driver.current_url}: page scrolls sideways at 360 px: scrollWidth {widths[0]} > {widths[1]}"
            self.check(lang)
        finally:
            self.narrow(False)

    def shot(self, name):
        if not self.shots:
            return
        self.driver.save_screenshot(os.path.join(self.shots, name + ".png"))
        self.narrow(True)
        try:
            self.driver.save_screenshot(os.path.join(self.shots, name + "-360.png"))
        finally:
            self.narrow(False)


def sign_in(w, username, lang):
    w.driver.delete_all_cookies()
    w.get("/login")
    w.set_value("username", username)
    w.set_value("password", PASSWORD)
    w.find("form[action='/login'] button[type=submit]").click()
    w.wait_for(lambda d: not urllib.parse.urlsplit(d.current_url).path.startswith("/login"), "signed in")
    w.wait_for_path("/")


def gone(element):
    """A wait condition: `element`'s page has been replaced. Chromedriver reports an element of the page being left
    either as stale or, while the new document loads, as "does not belong to the document"; both mean gone."""
    def check(_driver):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise
    return check


def open_details(w, form_selector):
    """Opens the <details> around a form (the case page folds its record forms away)."""
    form = w.find(form_selector)
    details = form.find_element(By.XPATH, "ancestor::details")
    if details.get_attribute("open") is None:
        details.find_element(By.TAG_NAME, "summary").click()


def submit_and_wait(w, form_selector):
    """Submits the form and waits for the page it redirects to (the old form goes stale)."""
    form = w.find(form_selector)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(w.driver, 20).until(gone(form), message=f"the answer to {form_selector}")


def walk(w, sedia, db, spec, step):
    """The whole path for one coordinator; `step[0]` names the step running (for the failure message)."""
    lang, case = spec["lang"], spec["case"]
    t = Texts(lang)
    shots = spec["shots"]
    say = lambda name: step.__setitem__(0, f"[{lang}] {name}")  # noqa: E731

    say("sign in")
    w.driver.delete_all_cookies()
    w.get("/login")
    w.check("en")  # the browser asks for English; the account's language takes over after sign-in
    if shots:
        w.shot("01-login")
    sign_in(w, spec["user"], lang)
    w.wait_for_path("/today")
    w.check(lang, spec["words"]["/today"])
    w.no_sideways_scroll(lang)
    w.get("/cases")
    w.check(lang, spec["words"]["/cases"])
    if shots:
        w.shot("02-cases")

    say("intake")
    w.get("/cases/new")
    w.check(lang)
    w.set_value("case-id", case)
    w.set_value("child-ref", spec["child"])
    w.set_value("age", "9")
    w.find("#lang-ms").click()
    # The child's home is a town from the shipped list (GeoNames), never coordinates: Shah Alam.
    Select(w.driver.find_element(By.ID, "home")).select_by_value("1732903")
    w.set_date("earliest", spec["earliest"])
    w.set_date("target-by", "2027-02-26")
    Select(w.driver.find_element(By.ID, "court")).select_by_value("SES-SA")
    w.set_date("registered-on", "2027-01-04")
    w.set_date("deadline", "2027-12-31")
    w.set_date("hearing-earliest", "2027-03-01")
    if shots:
        w.shot("03-intake")
    w.find("#create-case").click()
    w.wait_for_path("/cases/" + case)
    w.check(lang, [case])
    assert w.absent(By.ID, "interview-booking"), "a new case is already booked"

    say("find a slot")
    w.find("#find-slot").click()
    w.wait_for_path(f"/cases/{case}/slots")
    w.check(lang)
    assert w.driver.find_elements(By.CSS_SELECTOR, "button.book-option"), "no slot suggested"
    if shots:
        w.shot("04-find-a-slot")

    say("book from the week view")
    w.get("/cases/" + case)
    w.find(f"a[href^='/week/centre/'][href*='case={case}']").click()
    w.wait_for_path("/week/centre/")
    w.check(lang, spec["words"]["booking"])
    centre_path = urllib.parse.urlsplit(w.driver.current_url).path
    link = w.find(".grid a.book")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link.get_attribute("href")).query)
    start, room = query["start"][0], query["room"][0]
    assert start[:10] >= spec["earliest"], f"booking mode opened before the case's earliest date: {start}"
    if shots:
        w.shot("05-week-book-here")
    link.click()
    w.wait_for_path(f"/cases/{case}/book-at")
    w.check(lang, [case])
    officer_select = Select(w.driver.find_element(By.ID, "officer"))
    officer = officer_select.options[0].get_attribute("value")
    officer_select.select_by_value(officer)
    if shots:
        w.shot("06-book-at")
    w.find("#book-here").click()
    w.wait_for_path(centre_path)
    w.check(lang)
    cell = w.find(f".grid .booking a[href='/cases/{case}']")
    assert officer in cell.find_element(By.XPATH, "..").text, "officer missing from the booking in the week grid"
    w.get("/cases/" + case)
    w.check(lang)
    booking = w.find("#interview-booking").text
    assert t.date_time(start) in booking and officer in booking and room in booking, f"{booking!r} lacks {t.date_time(start)}, {officer}, {room}"
    w.no_sideways_scroll(lang)
    if shots:
        w.shot("07-case-booked")

    say("move with a reason")
    w.get(f"{centre_path}?week={start[:10]}")
    w.check(lang)
    w.driver.find_element(By.XPATH, f"//div[contains(@class,'booking')][.//a[@href='/cases/{case}']]//a[contains(@href,'case={case}')]").click()
    w.wait_for(lambda d: f"case={case}" in d.current_url, "booking mode to move")
    w.check(lang)
    moves = w.driver.find_elements(By.CSS_SELECTOR, ".grid a.book")
    target = next(a for a in moves if urllib.parse.parse_qs(urllib.parse.urlsplit(a.get_attribute("href")).query)["start"][0][:10] != start[:10])
    new_start = urllib.parse.parse_qs(urllib.parse.urlsplit(target.get_attribute("href")).query)["start"][0]
    target.click()
    w.wait_for_path(f"/cases/{case}/book-at")
    w.check(lang)
    reason = w.driver.find_element(By.ID, "reason")
    assert reason.get_attribute("required") is not None, "moving does not require a reason"
    assert Select(w.driver.find_element(By.ID, "officer")).first_selected_option.get_attribute("value") == officer
    w.find("#book-here").click()
    assert urllib.parse.urlsplit(w.driver.current_url).path.endswith("/book-at"), "moved without a reason"
    reason.send_keys(spec["reason"])
    w.find("#book-here").click()
    w.wait_for_path(centre_path)
    w.get(f"{centre_path}?week={new_start[:10]}")
    w.check(lang)
    if shots:
        w.shot("08-week-centre")
    w.no_sideways_scroll(lang)
    w.get(f"{centre_path}?day={new_start[:10]}")
    w.check(lang)
    assert w.driver.find_elements(By.CSS_SELECTOR, f".grid .booking a[href='/cases/{case}']"), "booking missing from its new day"
    if shots:
        w.shot("08-day-centre")
    w.get(f"{centre_path}?day={start[:10]}")
    w.check(lang)
    assert w.absent(By.CSS_SELECTOR, f".grid .booking a[href='/cases/{case}']"), "booking still on its old day"
    w.get("/cases/" + case)
    w.check(lang)
    assert t.date_time(new_start) in w.find("#interview-booking").text, "case page does not show the new time"
    moved = [row.text for row in w.driver.find_elements(By.CSS_SELECTOR, "table tbody tr") if t("action.move-interview") in row.text]
    assert moved and spec["reason"] in moved[0] and spec["user"] in moved[0], f"history lacks the move with its reason: {moved}"

    say("officer's feed")
    # One account per person (issue 24): the officer's account is made once; a later walk in the other language signs
    # in with it and switches the language with the page's own switch, as the officer would.
    staff = f"staff-{officer.lower()}"
    if staff not in STAFF_ACCOUNTS:
        run([sedia, "user", "add", "--db", db, "--username", staff, "--role", "staff", "--person", officer, "--language", lang,
             "--password-stdin"], stdin=PASSWORD + "\n")
        STAFF_ACCOUNTS.add(staff)
    # The officer lands on her agenda (issue 22): this week by day, readable on a phone.
    sign_in(w, staff, lang)
    w.wait_for_path("/agenda")
    html_lang = lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang")  # noqa: E731
    if not html_lang(w.driver).startswith(lang):
        w.find("form.lang button[type=submit]").click()
        w.wait_for(lambda d: html_lang(d).startswith(lang), "the language switch")
        w.wait_for_path("/agenda")
    w.check(lang)
    w.get("/agenda?from=" + new_start[:10])
    assert case in w.find("ul.agenda").text, "the booking missing from the officer's agenda"
    assert not w.driver.find_elements(By.CSS_SELECTOR, "main a[href^='/cases/']"), "the agenda links to a case page"
    w.no_sideways_scroll(lang)
    w.get("/me")
    w.check(lang)
    Select(w.driver.find_element(By.ID, "feed")).select_by_value(f"officer:{officer}")
    w.find("#create-feed").click()
    w.wait_for(lambda d: d.find_elements(By.ID, "feed-https"), "the new feed's address")
    w.check(lang)
    if shots:
        w.shot("09-my-feeds")
    url = w.find("#feed-https").text
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200 and response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        feed = response.read().decode()

    def dtstart(iso):
        return "DTSTART;TZID=Asia/Kuala_Lumpur:" + iso.replace("-", "").replace(":", "") + "00"

    assert dtstart(new_start) in feed, f"moved booking {new_start} missing from the officer's feed"
    assert dtstart(start) not in feed or start == new_start, "old time still in the officer's feed"
    assert spec["child"] not in feed, "child reference leaked into the feed"

    say("sick leave, then replan the affected")
    sign_in(w, spec["user"], lang)
    w.get("/disruptions")
    w.check(lang, [t("disruption.title")])
    Select(w.find("#subject")).select_by_value(f"person:{officer}")
    w.set_date("from", new_start[:10])
    w.set_date("to", new_start[:10])
    Select(w.find("#reason")).select_by_value("sick")
    w.find("#save-disruption").click()
    w.wait_for(lambda d: d.find_elements(By.ID, "affected"), "the bookings the leave breaks")
    w.check(lang, [t("disruption.reason.sick")])
    assert t("disruption.saved") in w.find("#message").text, "no confirmation after saving the leave"
    assert w.driver.find_elements(By.CSS_SELECTOR, f"table a[href='/cases/{case}']"), "the moved booking is not among those the leave breaks"
    # At 360 px too, with the leave and the bookings it breaks listed (a table's hidden button label once made it 435 px).
    w.no_sideways_scroll(lang)
    if shots:
        w.shot("09a-sick-leave")
    w.find("#replan-affected").click()
    # The replan runs in the background; its page reloads itself until the curve shows.
    WebDriverWait(w.driver, 90).until(
        lambda d: "/replan" in d.current_url and d.find_elements(By.CSS_SELECTOR, "a[href*='budget=none']"), message="the replan's curve")
    w.check(lang)
    w.find("a[href*='budget=none']").click()
    w.wait_for(lambda d: d.find_elements(By.ID, "apply-replan"), "the chosen budget's moves")
    w.check(lang)
    w.find("#apply-replan").click()
    w.wait_for_path("/cases")
    w.get("/cases/" + case)
    booking = w.find("#interview-booking").text
    assert not (t.date_time(new_start) in booking and officer in booking), f"still booked with the officer on leave: {booking!r}"
    # The leave is removed again, so the other language's walk books as before.
    w.get("/disruptions")
    w.find("form[action='/disruptions/remove'] button[type=submit]").click()
    w.wait_for(lambda d: "done=removed" in d.current_url, "the leave removed")
    w.check(lang)
    assert not w.driver.find_elements(By.CSS_SELECTOR, "form[action='/disruptions/remove']"), "the leave is still listed"

    say("checklist tick")
    sign_in(w, spec["user"], lang)
    w.get(f"/cases/{case}/checklist")
    w.check(lang)
    first = w.find("button.tick")
    item = first.get_attribute("data-item")
    first.click()
    # The tick answers with a redirect to this same address: wait for the old page to go, not on the URL.
    WebDriverWait(w.driver, 10).until(gone(first), message="the tick's new page")
    row_xpath = f"//input[@name='item' and @value='{item}']/ancestor::tr"
    w.wait_for(lambda d: spec["user"] in d.find_element(By.XPATH, row_xpath).text, "the tick")
    row = w.driver.find_element(By.XPATH, row_xpath)
    assert "✔" in row.text and t("checklist.doneMark") in row.text, row.text
    assert w.absent(By.CSS_SELECTOR, "button.tick", within=row), "ticked item still offers a tick"
    w.check(lang)
    w.no_sideways_scroll(lang)
    if shots:
        w.shot("10-checklist")

    say("deadline board")
    w.get("/board")
    w.check(lang)
    assert "<svg" in w.driver.page_source, "no chart on the board"
    # The board shows 100 cases a page, the most at risk first: the new case may be on a later page.
    while case not in w.find("main").text:
        later = w.driver.find_elements(By.CSS_SELECTOR, "a[rel=next]")
        if not later:
            break
        w.driver.get(later[0].get_attribute("href"))
    assert case in w.find("main").text, "case missing from the board"
    if shots:
        w.shot("11-deadline-board")
    w.get("/week")
    w.check(lang)

    say("what if")
    w.get("/whatif")
    w.check(lang, [t("whatif.listTitle")])
    form = w.find("input[name='add'][value='room']").find_element(By.XPATH, "ancestor::form")
    form.find_element(By.CSS_SELECTOR, "input[name='accessible']").click()
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    w.wait_for(lambda d: d.find_elements(By.CSS_SELECTOR, "ol.changes li"), "the change in the list")
    w.check(lang, [t("whatif.accessible")])
    # A second change: the list now travels with a space in it, which a GET form sends as "+".
    form = w.find("input[name='add'][value='cases']").find_element(By.XPATH, "ancestor::form")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    w.wait_for(lambda d: len(d.find_elements(By.CSS_SELECTOR, "ol.changes li")) == 2, "both changes in the list")
    w.find("#start-whatif").click()
    # The question runs in the background: the page follows it (it reloads itself) until the answer's table shows. The
    # text is read in one script call, inside whichever document is there: an element found before a reload and read
    # after it would belong to no document.
    WebDriverWait(w.driver, 60).until(
        lambda d: t("whatif.asItIs") in d.execute_script("const m = document.querySelector('main'); return m ? m.innerText : '';"),
        message="the what-if answer")
    w.check(lang, [t("whatif.m.trialsMissed"), t("whatif.accessible")])
    w.no_sideways_scroll(lang)
    if shots:
        w.shot("12-what-if")

    say("a case's year")
    # Court events are recorded as they happen, so their dates are in the past (the store refuses dates still to
    # come): the charge a month ago, a trial day a week ago adjourned, the decision today (Malaysian time).
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    ago = lambda days: (today - datetime.timedelta(days=days)).isoformat()  # noqa: E731
    prosecutor, person = f"dpp-{lang}", f"DPP-W{lang.upper()}"
    run([sedia, "user", "add", "--db", db, "--username", prosecutor, "--role", "prosecutor", "--state", "MY-10", "--person", person,
         "--language", lang, "--password-stdin"], stdin=PASSWORD + "\n")
    # The coordinator hands the case to the prosecutor and records the charge.
    w.get("/cases/" + case)
    Select(w.find("#prosecutor")).select_by_value(person)
    submit_and_wait(w, f"form[action='/cases/{case}/prosecutor']")
    open_details(w, f"form[action='/cases/{case}/charge']")
    w.set_value("ch-number", f"BA-45-1-0{1 if lang == 'en' else 2}/2026")
    w.set_date("ch-registered", ago(30))
    w.set_date("ch-charged", ago(30))
    Select(w.find("#ch-represented")).select_by_value("yes")
    Select(w.find("#ch-plea")).select_by_value("claims-trial")
    submit_and_wait(w, f"form[action='/cases/{case}/charge']")
    w.wait_for(lambda d: d.find_elements(By.ID, "case-charge"), "the charge on the case page")
    w.check(lang)
    # The prosecutor records a trial day adjourned (defence counsel absent), then the decision. She lands on her own
    # cases (issue 22), this one among them, and the page reads on a phone.
    sign_in(w, prosecutor, lang)
    w.wait_for_path("/my-cases")
    assert w.driver.find_elements(By.CSS_SELECTOR, f"#my-cases a[href='/cases/{case}']"), "the prosecutor's case missing from My cases"
    w.check(lang)
    w.no_sideways_scroll(lang)
    w.get("/cases/" + case)
    w.check(lang)
    open_details(w, f"form[action='/cases/{case}/court-date']")
    Select(w.find("#cd-step")).select_by_value("trial")
    w.set_date("cd-on", ago(7))
    Select(w.find("#cd-outcome")).select_by_value("adjourned")
    Select(w.find("#cd-reason")).select_by_value("defence-counsel-absent")
    w.set_date("cd-next", ago(0))
    submit_and_wait(w, f"form[action='/cases/{case}/court-date']")
    w.wait_for(lambda d: t("reason.defence-counsel-absent") in d.find_element(By.TAG_NAME, "main").text, "the adjournment in the timeline")
    w.check(lang)
    open_details(w, f"form[action='/cases/{case}/end']")
    Select(w.find("#end-outcome")).select_by_value("disposal:convicted")
    w.set_date("end-on", ago(0))
    submit_and_wait(w, f"form[action='/cases/{case}/end']")
    # Decided: the page is read-only (no court-date or ending form) and the timeline says how it ended.
    w.wait_for(lambda d: not d.find_elements(By.CSS_SELECTOR, f"form[action='/cases/{case}/end']"), "the case read-only")
    w.check(lang, [t("ending.convicted")])
    w.no_sideways_scroll(lang)
    if shots:
        w.shot("13-case-year")
    # The disposal record of the last year counts the case: registered, and disposed within its target.
    w.get(f"/reports?from={ago(365)}&to={ago(0)}")
    w.check(lang, [t("report.title")])
    cells = [c.text.strip() for c in w.driver.find_elements(By.CSS_SELECTOR, "main table tbody td")]
    assert any(c.isdigit() and int(c) > 0 for c in cells), f"the disposal record counts nothing: {cells[:12]}"
    w.no_sideways_scroll(lang)
    if shots:
        w.shot("14-reports")

    say("close a case before trial")
    # The coordinator closes another case of the state (no further action, with the reason): it becomes read-only,
    # says how it ended, and leaves the case list (issue 22, "a case can be closed before trial").
    other = sqlite3.connect(db).execute(
        "SELECT id FROM case_file WHERE state = 'MY-10' AND id NOT LIKE 'B-%' AND id NOT IN (SELECT case_id FROM case_closure) "
        "ORDER BY id LIMIT 1 OFFSET ?", (0 if lang == "en" else 1,)).fetchone()[0]
    sign_in(w, spec["user"], lang)
    w.get("/cases/" + other)
    open_details(w, f"form[action='/cases/{other}/end']")
    Select(w.find("#end-outcome")).select_by_value("closed:no-further-action")
    w.set_date("end-on", ago(0))
    w.set_value("end-reason", spec["reason"])
    submit_and_wait(w, f"form[action='/cases/{other}/end']")
    w.wait_for(lambda d: d.find_elements(By.ID, "case-closed"), "the case closed")
    assert not w.driver.find_elements(By.CSS_SELECTOR, f"form[action='/cases/{other}/end']"), "a closed case still offers its ending"
    assert not w.driver.find_elements(By.ID, "find-slot"), "a closed case still offers find a slot"
    w.check(lang, [t("ending.no-further-action")])
    w.no_sideways_scroll(lang)
    w.get("/cases?q=" + other)
    assert not w.driver.find_elements(By.CSS_SELECTOR, f"main a[href='/cases/{other}']"), "the closed case is still listed"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sedia")
    parser.add_argument("--screenshots", default=None, help="folder for PNG screenshots (default: a new folder under .build)")
    args = parser.parse_args()
    sedia = os.path.abspath(args.sedia)
    began = time.monotonic()

    os.makedirs(os.path.join(REPO, ".build"), exist_ok=True)
    shots = args.screenshots or tempfile.mkdtemp(prefix="browser-screenshots-", dir=os.path.join(REPO, ".build"))
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="sedia-browser-")
    db = os.path.join(work, "sedia.sqlite")
    run([sedia, "db", "init", "--db", db])
    run([sedia, "import", "instance", os.path.join(REPO, "samples", "demo-instance.json"), "--db", db])
    for spec in WALKS:
        run([sedia, "user", "add", "--db", db, "--username", spec["user"], "--role", "coordinator", "--state", "MY-10", "--language",
             spec["lang"], "--password-stdin"], stdin=PASSWORD + "\n")
    keys = set(load_strings("en")) | set(load_strings("ms"))

    server = None
    driver = None
    step = ["start the server"]
    try:
        server, base = start_server(sedia, db, work)
        step[0] = "Accept-Language before sign-in"
        driver = new_driver("ms-MY,ms")
        probe = Walk(driver, base, None, keys)
        probe.get("/login")
        probe.check("ms")
        driver.quit()
        driver = new_driver("en-GB,en")
        w = Walk(driver, base, None, keys)
        for spec in WALKS:
            # English screenshots at the top of the folder, the Malay walk's in ms/.
            # The Malay walk's screenshots are taken for `make screenshots` (an explicit folder) only.
            wanted = spec["shots"] and (spec["lang"] == "en" or args.screenshots is not None)
            w.shots = (shots if spec["lang"] == "en" else os.path.join(shots, spec["lang"])) if wanted else None
            if w.shots:
                os.makedirs(w.shots, exist_ok=True)
            walk(w, sedia, db, spec, step)
        if w.violations:
            print(f"axe-core: {len(w.violations)} WCAG A/AA violations:", file=sys.stderr)
            for v in w.violations:
                print("  " + v, file=sys.stderr)
            step[0] = "accessibility (axe-core)"
            raise AssertionError(f"{len(w.violations)} WCAG A/AA violations")
        print(f"screenshots: {shots}")
        print(f"browser test passed in {time.monotonic() - began:.0f} s: {w.pages + probe.pages} pages checked (language, keys, axe-core), "
              "sign-in, intake, find a slot, book and move from the week view, officer's feed and agenda (360 px), sick leave and replanning the bookings it breaks, checklist, board, what if, a case's year (charge, adjourned trial, decision) and the disposal record, a case closed before trial, the coordinator's Today and the prosecutor's My cases (360 px), in en and ms")
        return 0
    except Exception as error:  # noqa: BLE001 - report which step failed, whatever the cause
        print(f"browser test failed at '{step[0]}': {error!r}", file=sys.stderr)
        traceback.print_exc()
        if driver is not None:
            try:
                print(driver.current_url, file=sys.stderr)
                print(driver.find_element(By.TAG_NAME, "main").text[:2000], file=sys.stderr)
            except Exception:  # noqa: BLE001
                pass
        return 1
    finally:
        if driver is not None:
            driver.quit()
        if server is not None:
            stop(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
