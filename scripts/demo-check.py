#!/usr/bin/python3
"""The demo's accounts, checked as a person uses them: /healthz answers, then each account signs in through the real
sign-in form (its double-submit token and cookie) and lands on its home page. Python's standard library only.

Usage: demo-check.py BASE_URL PASSWORD   (exit 0 when every check passed, 1 otherwise)
"""
import html.parser
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

# Each demo account and the page its role starts from (PageController's "/" sends each role there).
ACCOUNTS = [("demo", "/today"), ("dpp", "/my-cases"), ("io001", "/agenda")]


class Inputs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and "name" in a:
            self.values[a["name"]] = a.get("value") or ""


def fail(message):
    print("demo-check: " + message)
    sys.exit(1)


def main():
    base, password = sys.argv[1].rstrip("/"), sys.argv[2]
    with urllib.request.urlopen(base + "/healthz", timeout=30) as r:
        if r.status != 200:
            fail("/healthz answered %d" % r.status)
    print("demo-check: /healthz 200")
    for username, home in ACCOUNTS:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(base + "/login", timeout=30) as r:
            form = Inputs()
            form.feed(r.read().decode("utf-8"))
        if "login" not in form.values or "password" not in form.values:
            fail("the sign-in page has no form with a token")
        body = urllib.parse.urlencode({"login": form.values["login"], "username": username, "password": password}).encode()
        request = urllib.request.Request(base + "/login", data=body, headers={"Origin": base})
        try:
            with opener.open(request, timeout=60) as r:
                page = r.read().decode("utf-8")
                landed = urllib.parse.urlparse(r.geturl()).path
                status = r.status
        except urllib.error.HTTPError as e:
            fail("%s: sign-in answered %d" % (username, e.code))
        if status != 200 or landed != home:
            fail("%s: signed in to %s (%d), expected %s" % (username, landed, status, home))
        if 'action="/login"' in page or 'action="/logout"' not in page:
            fail("%s: %s is not a signed-in page" % (username, landed))
        print("demo-check: %s signed in and reached %s" % (username, home))
        if username == "dpp":
            # The demo holds a year of history (sedia generate --history): the prosecutor's disposal record has cases.
            with opener.open(base + "/reports", timeout=60) as r:
                report = r.read().decode("utf-8")
            counts = [int(n) for n in re.findall(r"<td[^>]*>\s*(\d+)\s*</td>", report)]
            if r.status != 200 or not any(counts):
                fail("dpp: /reports shows no registered or disposed case (%d)" % r.status)
            print("demo-check: dpp's disposal record lists the demo's history")


if __name__ == "__main__":
    main()
