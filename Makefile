# corridor — make targets. Each creates the environment it needs from the lock file (uv.lock).
#
# The locking tool, uv, is bootstrapped from PyPI with pip into .tools/ (pinned below), so a
# machine needs only Python 3.11 and pip. uv then installs exactly the locked versions into
# .venv: `make demo` the runtime and web set, `make test` everything (dev tools included).
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=.venv $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
# --locked: fail, rather than re-resolve, when pyproject.toml and uv.lock disagree;
# --compile-bytecode: write .pyc files at install time, as pip does (start-up, test time)
SYNC := $(UV) sync --locked --compile-bytecode --python $(PYTHON)

.PHONY: demo test lint typecheck docs bench lock test-latest clean venv venv-demo

$(TOOLS)/bin/uv:
	test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"

# runtime + web: what `make demo` runs (added to an existing environment, nothing removed)
$(VENV)/.demo-installed: uv.lock pyproject.toml | $(TOOLS)/bin/uv
	$(SYNC) --inexact --extra web
	touch $@

# every extra: runtime, web, hydraulics cross-checks and the dev tools (exactly the lock)
$(VENV)/.test-installed: uv.lock pyproject.toml | $(TOOLS)/bin/uv
	$(SYNC) --all-extras
	touch $@ $(VENV)/.demo-installed

venv: $(VENV)/.test-installed
venv-demo: $(VENV)/.demo-installed

# the flagship analysis: market, bargaining power, deal and risk of korea-2011, the
# six-party talks, and the HTML report of it all (out/korea-2011/report.html)
demo: $(VENV)/.demo-installed
	$(BIN)/corridor run korea-2011 --out out
	$(BIN)/corridor power korea-2011
	$(BIN)/corridor deal korea-2011
	$(BIN)/corridor risk korea-2011 --draws 1000 --seed 1
	$(BIN)/corridor negotiate six-party-2011
	$(BIN)/corridor report korea-2011 --negotiation six-party-2011 --draws 1000 --seed 1 --out out

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

typecheck: lint

# the documentation site (mkdocs.yml, docs/, notebooks/ rendered without running them) into
# site/; --strict: a warning (a broken link, a missing page, an unknown API name) fails it.
# The reference pages are generated at build time (docs/scripts/gen_reference.py).
docs: $(VENV)/.test-installed
	NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(BIN)/mkdocs build --strict --quiet

test: lint docs
	$(BIN)/python -m pytest -q -n auto

bench: $(VENV)/.test-installed
	$(BIN)/python -m bench

# re-resolve every dependency to its newest release within pyproject.toml's ranges
lock: $(TOOLS)/bin/uv
	$(UV) lock --upgrade --python $(PYTHON)

# the newest releases (not the lock) in a separate environment: finds the next drift
# before users do. Not part of CI.
test-latest: $(TOOLS)/bin/uv
	rm -rf .venv-latest
	$(UV) venv --quiet --python $(PYTHON) .venv-latest
	$(UV) pip install --quiet --python .venv-latest/bin/python --upgrade --refresh \
		--resolution highest -e ".[dev,web,hydraulics]"
	.venv-latest/bin/python -m pytest -q -n auto

clean:
	rm -rf $(VENV) $(TOOLS) .venv-latest out site .pytest_cache .mypy_cache .ruff_cache
