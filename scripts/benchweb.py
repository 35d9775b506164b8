#!/usr/bin/env python3
"""What the web benchmarks share: a signed-in client over one kept-alive connection (http.client), the hidden form
fields, and small commands for shell scripts (scripts/bench-app.sh):

    scripts/benchweb.py session BASE_URL USERNAME PASSWORD
        signs in and prints the session cookie's value (for wrk's Cookie header);
    scripts/benchweb.py leave BASE_URL USERNAME PASSWORD SUBJECT FROM TO
        enters a disruption on /disruptions as that coordinator (SUBJECT as the form names it, e.g. person:IO-001;
        reason sick for a person) and prints the page that lists the bookings it breaks (/disruptions?show=ID).

Python standard library only.
"""
import html
import http.client
import re
import sys
import urllib.parse


class Client:
    """One user's browser: cookies kept, one connection reopened once if the server closed it."""

    def __init__(self, base, timeout=120):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port or 80
        self.timeout = timeout
        self.cookies = {}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(self, method, path, form=None):
        """(status, Location header, body text)."""
        headers = {"Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt:
                    raise
        data = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                k, _, v = value.split(";", 1)[0].partition("=")
                self.cookies[k.strip()] = v.strip()
        return response.status, response.getheader("Location"), data

    def sign_in(self, username, password):
        _, _, page = self.request("GET", "/login")
        status, _, _ = self.request("POST", "/login", {"login": hidden(page, "login"), "username": username, "password": password})
        if status != 303:
            sys.exit(f"sign-in as {username}: status {status}")
        return self


def hidden(page, name):
    """The value of the hidden field `name` (a form's csrf or login token); ends the run when the page has none."""
    m = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), page)
    if not m:
        sys.exit(f"no hidden field {name!r} on the page:\n{re.sub(r'<[^>]+>', ' ', page)[:1500]}")
    return html.unescape(m.group(1))


def main(argv):
    if len(argv) >= 4 and argv[0] == "session":
        c = Client(argv[1]).sign_in(argv[2], argv[3])
        print(c.cookies["sedia_session"])
    elif len(argv) == 7 and argv[0] == "leave":
        base, user, password, subject, start, end = argv[1:]
        c = Client(base).sign_in(user, password)
        _, _, page = c.request("GET", "/disruptions")
        form = {"csrf": hidden(page, "csrf"), "subject": subject, "from": start, "to": end}
        if subject.startswith("person:"):
            form["reason"] = "sick"
        status, location, body = c.request("POST", "/disruptions", form)
        if status != 303 or not location:
            sys.exit(f"POST /disruptions: status {status}: {re.sub(r'<[^>]+>', ' ', body)[:800]}")
        print(location.split("#", 1)[0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
