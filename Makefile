# Two commands on a fresh machine: `make run` serves the demo, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CLOCK ?= 2024-09-24T10:00:00+04:00
# Python keeps the compiled modules (and pytest its assertion-rewritten tests) beside the sources, even
# where the machine's environment asks it not to: without them every process compiled the project and
# its tests anew (collecting the suite took 17 s in each test process instead of 6).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test install install-test lint pytest demo messages openapi clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	mkdir -p var
	PAVILION_CLOCK=$(CLOCK) $(BIN)/pavilion migrate --noinput
	PAVILION_CLOCK=$(CLOCK) $(BIN)/pavilion demo
	PAVILION_CLOCK=$(CLOCK) PAVILION_DEBUG=1 $(BIN)/pavilion runserver 127.0.0.1:$(PORT)

demo: install
	mkdir -p var
	$(BIN)/pavilion migrate --noinput
	PAVILION_CLOCK=$(CLOCK) $(BIN)/pavilion demo

lint: install-test
	$(BIN)/ruff check src tests bench

# The suite runs in one process per core (pytest-xdist; each has its own test database), tests handed out
# one by one: grouping them by module or class (--dist loadscope/loadfile) would run schemathesis's
# generated tests, which share one node id, only once. PYTEST_WORKERS=0 runs the suite in one process.
# The engines' tests come after, in one process: they measure time limits and that a run gives the same
# schedule beside CPU-burning processes they start themselves, and a second test process beside them was load
# they do not plan for (on a slow 2-core machine a 3 s run ended at 3.27 s). They import no Django.
PYTEST_WORKERS ?= auto
pytest: install-test
	$(BIN)/pytest -n $(PYTEST_WORKERS) --ignore=tests/engines
	$(BIN)/pytest -p no:xdist tests/engines

test: lint pytest

# Regenerate the committed translation catalogues' .mo files (needs GNU gettext's msgfmt).
messages: install
	cd src/pavilion && ../../$(BIN)/pavilion compilemessages

openapi: install
	$(BIN)/pavilion export-openapi > docs/openapi.json

clean:
	rm -rf $(VENV) var
