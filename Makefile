# The project's commands. `make serve` and `make test` set everything up on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Silences Material's MkDocs-2 end-of-life banner.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test test-fast clean coach story bench audit screenshots properdocs-check properdocs-build

# The candidate's workbench: everything, private stories and notes included (STAR_VIEW=public shows the published site).
serve: $(VENV)/.deps
	$(BIN)/mkdocs serve --livereload

build: $(VENV)/.deps
	$(BIN)/mkdocs build --strict

# Every problem in data/ that `make build` would stop on, in a few seconds and without building: run it before pushing.
check: $(VENV)/.deps
	PYTHONPATH=hooks $(BIN)/python -m star_bank check

# The STAR coach's report in the terminal (the Coach page shows the same); LOOP="ownership,dive-deep" plans one loop;
# FRAMEWORK=google reports on another enabled framework (data/site.yml's frameworks:), LOOP= then in its ids.
LOOP ?=
FRAMEWORK ?=
coach: $(VENV)/.deps
	PYTHONPATH=hooks $(BIN)/python -m star_bank coach --framework "$(FRAMEWORK)" --loop "$(LOOP)"

# A new story file to fill in: make story ID=feature-store-migration PRINCIPLE=dive-deep
story: $(VENV)/.deps
	@test -n "$(ID)" -a -n "$(PRINCIPLE)" || { echo 'usage: make story ID=<story-id> PRINCIPLE=<principle-id>' >&2; exit 2; }
	PYTHONPATH=hooks $(BIN)/python -m star_bank story "$(ID)" "$(PRINCIPLE)"

# The JavaScript's unit tests first (Node's runner, no build, a second or two), then pytest. Without Node they
# are skipped with a warning, except under CI, where a missing Node fails.
JS_TESTS = if command -v node >/dev/null 2>&1; then node --test --test-reporter=spec tests/js/*.test.mjs; \
	elif [ -n "$$CI" ]; then echo "node not found: the JavaScript's unit tests (tests/js/) need Node 18.20 or newer" >&2; exit 1; \
	else echo "node not found: the JavaScript's unit tests (tests/js/) are skipped" >&2; fi
# pytest-xdist: one worker per core, each test file on one worker (its module fixtures are built once), the
# slowest files first (tests/conftest.py, SLOWEST_FILES); builds shared across files are made once for all
# workers (tests/conftest.py, SharedBuilds).
PYTEST := $(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder
test: $(VENV)/.test-deps
	@$(JS_TESTS)
	$(PYTEST) tests

# The inner loop: everything but the browser tests (README, "Tests").
test-fast: $(VENV)/.test-deps
	@$(JS_TESTS)
	$(PYTEST) tests --ignore=tests/browser

# The hooks against the same stories written by hand into a plain Material site: build CPU and wall time,
# HTML, memory, live reload, Lighthouse and search, at growing bank sizes (tests/bench/README.md).
# CI runs 100 stories (make test runs 10): make bench BENCH_SIZES="100". BENCH_ARGS="--no-lighthouse" etc.
BENCH_SIZES ?= 10 100 1000 5000
BENCH_RUNS ?= 3
BENCH_ARGS ?=
bench: $(VENV)/.test-deps node_modules/.installed
	PYTHONPATH=hooks:tests $(BIN)/python tests/bench/bench.py --sizes "$(BENCH_SIZES)" --runs $(BENCH_RUNS) $(BENCH_ARGS)

$(VENV)/.python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.deps: requirements.txt $(VENV)/.python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.deps
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@touch $@

# The Nu HTML Checker, axe-core and Lighthouse on the site served gzipped like GitHub Pages; reports in reports/.
# tests/ on PYTHONPATH: the audit serves the site with the tests' server, tests/pages_server.py.
audit: $(VENV)/.test-deps node_modules/.installed
	PYTHONPATH=tests $(BIN)/python tests/audit/run_audit.py

# The README's pictures: home and a principle page of the sample and the fork fixture banks, desktop and phone,
# into screenshots/ (git-ignored), then docs/assets/images/.
screenshots: $(VENV)/.test-deps
	STAR_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/browser/test_site_browser.py -k screenshots
	mkdir -p docs/assets/images
	cp screenshots/sample-*.png screenshots/fork-*.png docs/assets/images/

# The site built by ProperDocs (the maintained fork of MkDocs 1.x) must be MkDocs' site, file for file,
# apart from the generator tag. ProperDocs gets a venv of its own with no MkDocs in it (requirements-properdocs.txt),
# so nothing can fall back to MkDocs. One SOURCE_DATE_EPOCH for both builds: the sitemap's dates are the build's.
PROPERDOCS_VENV := .venv-properdocs
PROPERDOCS_CHECK_DIR := .cache/properdocs-check
properdocs-check: $(VENV)/.deps $(PROPERDOCS_VENV)/.deps
	rm -rf $(PROPERDOCS_CHECK_DIR)
	export SOURCE_DATE_EPOCH=$$(date +%s) && \
	$(BIN)/mkdocs build --strict --quiet -d $(PROPERDOCS_CHECK_DIR)/mkdocs && \
	$(PROPERDOCS_VENV)/bin/properdocs build --strict --quiet -d $(PROPERDOCS_CHECK_DIR)/properdocs
	$(BIN)/python tests/tools/compare_builds.py $(PROPERDOCS_CHECK_DIR)/mkdocs $(PROPERDOCS_CHECK_DIR)/properdocs --expect-generator ProperDocs

# The switch, should MkDocs 1.x stop working: the same strict build into site/, made by ProperDocs.
properdocs-build: $(PROPERDOCS_VENV)/.deps
	$(PROPERDOCS_VENV)/bin/properdocs build --strict

# --no-deps, then MkDocs out: Material declares mkdocs<2, but under ProperDocs every `import mkdocs` is ProperDocs.
$(PROPERDOCS_VENV)/.deps: requirements-properdocs.txt requirements.txt $(VENV)/.python
	$(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --no-deps -r requirements-properdocs.txt
	$(PROPERDOCS_VENV)/bin/python -m pip uninstall --quiet --yes mkdocs mkdocs-get-deps
	@touch $@

# Pinned by package-lock.json. --ignore-scripts: vnu-jar's install script would download a Java; the machine's is used.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

clean:
	rm -rf site .pytest_cache
