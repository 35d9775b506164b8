# Sedia: every set-up step a fresh Debian machine needs lives here.
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# System packages the build and the tests need (checked with dpkg, installed when absent).
APT_PACKAGES := libical-dev libsqlite3-dev pkg-config python3
SHARED ?= ../shared
DEMO_OUT ?= out/demo
BIN := .build/release/sedia

.PHONY: help deps build release demo test lint format bench clean

help:
	@echo "make demo   install what is missing, build release, plan the bundled sample"
	@echo "make test   install what is missing, lint, run the test suite"
	@echo "make bench  benchmarks (results go in docs/benchmarks.md by hand)"

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
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
	@mkdir -p $(DEMO_OUT)
	$(BIN) solve samples/demo-instance.json --out $(DEMO_OUT)/plan.json --time-limit 5
	$(BIN) verify samples/demo-instance.json $(DEMO_OUT)/plan.json
	$(BIN) export feeds samples/demo-instance.json $(DEMO_OUT)/plan.json --out $(DEMO_OUT)/feeds
	$(BIN) checklist samples/demo-instance.json $(DEMO_OUT)/plan.json --all --format html --out $(DEMO_OUT)/checklists.html
	@echo "plan:       $(DEMO_OUT)/plan.json"
	@echo "feeds:      $(DEMO_OUT)/feeds/*.ics"
	@echo "checklists: $(DEMO_OUT)/checklists.html"

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

test: deps lint
	$(SWIFT) test

bench: release
	$(BIN) bench --scale tiny,state,national --seeds 1,2,3 --samples $(SHARED)/instances

clean:
	rm -rf .build out
