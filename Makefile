# rosconsole: `make run` sets everything up and starts it; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-unit test-web test-integration test-browser bench catalogue venv clean

$(STAMP): requirements.txt requirements-dev.txt requirements-fc-runtime.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade --target $(VENV)/fc-runtime-libs/python -r requirements-fc-runtime.txt
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(PY) -m rosconsole.launcher

# Every level, in order; any failure fails the target. Browser tests need Debian's chromium.
test: $(STAMP)
	$(PY) -m pytest

test-unit: $(STAMP)
	$(PY) -m pytest tests/unit

test-web: $(STAMP)
	$(PY) -m pytest tests/web

test-integration: $(STAMP)
	$(PY) -m pytest tests/integration

test-browser: $(STAMP)
	$(PY) -m pytest tests/browser

bench: $(STAMP)
	$(PY) bench/run_all.py

catalogue: $(STAMP)
	$(PY) -m stacks.template.catalogue.build

clean:
	rm -rf $(VENV) var
