# The two commands: `make run` and `make test`. Both create .venv and install pinned dependencies when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

CHROMIUM_BIN := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint typecheck bench bench-http clean-data

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the pins or the project metadata change.
$(STAMP): constraints.txt pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

# The dashboard test drives Debian's Chromium headless; install it when it is missing (never a downloaded browser).
$(CHROMIUM_BIN):
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium

# `registry serve` stops the embedded PostgreSQL it started when it ends (Ctrl-C, or SIGTERM, which make passes on).
PORT ?= 8000
run: $(STAMP)
	$(BIN)/registry serve --demo --port $(PORT)

# The suite runs on every core (pytest-xdist). Each worker takes a contiguous half of the tests, so a module's
# fixtures are built about once per worker, and an idle worker takes over the tail of a busy one (worksteal); each
# worker has its own embedded PostgreSQL. TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= auto
test: $(STAMP) $(CHROMIUM_BIN)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/metrics.py

# The HTTP benchmark (issue 16) drives the servers with Debian's wrk and compares with a FastAPI peer (the 'bench' extra).
WRK_BIN := /usr/bin/wrk
$(WRK_BIN):
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,bench]"
	touch $(BENCH_STAMP)

bench-http: $(BENCH_STAMP) $(WRK_BIN)
	$(BIN)/python bench/http_compare.py $(BENCH_ARGS)

clean-data:
	rm -rf .data
