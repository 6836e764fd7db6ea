# Two commands on a fresh machine: `make quiz` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: quiz test check lint typecheck unit bench validity docs wheel clean

$(STAMP): pyproject.toml
	@echo "First use: setting up .venv (the program and its tools), about a minute..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --progress-bar off -e '.[dev]'
	@echo "Set up. Later runs start at once."
	touch $(STAMP)

# `make quiz ARGS=--resume` passes options through to `bpo-assess quiz`.
ARGS ?=
quiz: $(STAMP)
	@# Ctrl-C (exit 130) is a normal way to stop; the quiz has already said how to resume.
	BPO_ASSESS_RUN_HINT='make quiz ARGS=' $(BIN)/bpo-assess quiz $(ARGS) || [ $$? -eq 130 ]

# The tests keep their compiled files (in __pycache__, which git ignores) even where the
# environment says not to write them: pytest compiles every test file anew otherwise, in
# each worker, and each program a test starts compiles the package again.
TESTENV := PYTHONDONTWRITEBYTECODE=

# Every check, as CI runs it (README: nothing else to install; browser tests skip
# without Chromium, saying so).
test: lint typecheck unit

# The edit-test loop: lint and every test that runs inside pytest (no terminal, browser,
# server or other process), a fifth of each property's random examples, no coverage.
# Run `make test` before a commit you share.
check: $(STAMP)
	$(BIN)/ruff check src tests benchmarks validity tools
	$(BIN)/ruff format --check src tests benchmarks validity tools
	$(BIN)/lint-imports
	$(TESTENV) BPO_ASSESS_TEST_QUICK=1 $(BIN)/pytest -q -n 2 -m "not pty and not browser and not process"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks validity tools
	$(BIN)/ruff format --check src tests benchmarks validity tools
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Two workers, one per core: most of the time goes to whole programs in pseudo-terminals.
# The coverage floor (pyproject.toml) is checked on the code that can run here: on a
# machine without PostgreSQL's server its engine's tests skip, so its module is left out
# of the measure, and the line before the report says so (.ci/run installs the server).
unit: $(STAMP)
	$(TESTENV) $(BIN)/pytest -n 2 --cov --cov-report= --cov-fail-under=0
	@omit=$$($(BIN)/python -c 'from tests.pgserver import why_not; print(why_not() or "")'); \
	if [ -n "$$omit" ]; then \
	  echo "coverage: the PostgreSQL engine is left out of the floor here ($$omit)"; \
	  $(BIN)/coverage report --omit='*/bpo_assess/counsel/store/postgres.py'; \
	else \
	  $(BIN)/coverage report; \
	fi

# The performance budget (start-up, batch throughput, interview); see README, Performance.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# docs/cli.md from the commands' own --help (tests/test_docs.py checks it is current).
docs: $(STAMP)
	$(BIN)/python tools/cli_reference.py

# The simulated-respondent study (see docs/validity.md).
validity: $(STAMP)
	$(BIN)/python -m validity

wheel: $(STAMP)
	$(BIN)/python -m build --wheel --outdir dist

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .coverage
