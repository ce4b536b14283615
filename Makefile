# Two entry points, both safe to run on a fresh clone:
#   make site   – install rekisteri into .venv and build the shipped register into build/
#   make test   – install the test tools and run the whole suite (what CI runs)
# `make preview` serves build/ on http://127.0.0.1:8000/ (another port: `make preview PORT=8080`).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

CMS    := generator/cms/bundle/VERSION

.PHONY: site build preview test lint install install-test clean

site: install
	$(BIN)/rekisteri build

build: site

preview: site
	@echo "Serving build/ on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	bash scripts/install-system-deps
	@$(MAKE) --no-print-directory $(CMS)

# The web editor's files (/admin/ of a register with [tool.rekisteri.cms]), made from the
# pinned npm package; again only when package-lock.json or the script changes.
$(CMS): package-lock.json scripts/bundle-cms
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --silent --no-audit --no-fund && bash scripts/bundle-cms; \
	else \
	  echo "make: no npm, so no web editor: a register with [tool.rekisteri.cms] will not build (apt-get install npm)" >&2; \
	fi

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	bash scripts/install-system-deps --tests
	npm ci --silent --no-audit --no-fund
	bash scripts/bundle-cms

lint: install-test
	$(BIN)/ruff check generator tests scripts benchmarks
	$(BIN)/ruff format --check generator tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# pytest exits 5 when it collected no tests: that is a failure here, not a pass.
test: lint
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest ran no tests" >&2; exit 1; fi; \
	exit $$status

clean:
	rm -rf build .build-staging-* $(VENV) .pytest_cache .mypy_cache .ruff_cache generator/cms/bundle
