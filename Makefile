# corridor — make targets. Each creates .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,web,hydraulics]"
	touch $(STAMP)

# the flagship analysis: market, bargaining power, deal and risk of korea-2011, the
# six-party talks, and the HTML report of it all (out/korea-2011/report.html)
demo: $(STAMP)
	$(BIN)/corridor run korea-2011 --out out
	$(BIN)/corridor power korea-2011
	$(BIN)/corridor deal korea-2011
	$(BIN)/corridor risk korea-2011 --draws 1000 --seed 1
	$(BIN)/corridor negotiate six-party-2011
	$(BIN)/corridor report korea-2011 --negotiation six-party-2011 --draws 1000 --seed 1 --out out

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

typecheck: lint

test: lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
