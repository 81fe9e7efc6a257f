# Two commands do all set-up on a fresh machine:
#   make run    opens omclient on the embedded demo database (SQLite, created on first use)
#   make test   runs the whole test suite on SQLite and on a PostgreSQL the tests start
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-packages

# Shared libraries Qt needs for the offscreen and xcb platforms, PostgreSQL
# server binaries for the tests, poppler for looking at reports.
APT_PACKAGES := libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 \
  libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxcb-xinerama0 fonts-dejavu-core \
  postgresql poppler-utils

.PHONY: run test venv system-packages lint typecheck check bench clean migration

run: $(STAMP) $(SYSSTAMP)
	$(VENV)/bin/omclient --demo

test: $(STAMP) $(SYSSTAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || "$$(packaging/find-python)" -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PY) -m pip install -qq -e '.[dev]'
	touch $(STAMP)

system-packages: $(SYSSTAMP)

$(SYSSTAMP): Makefile
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  if [ -n "$$missing" ]; then \
	    echo "installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  fi; \
	else \
	  echo "not root or no apt-get: make sure these are installed: $(APT_PACKAGES)"; \
	fi
	@mkdir -p $(VENV) && touch $(SYSSTAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check omclient tests benchmarks migrations
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy omclient

check: lint typecheck test

# Regenerate the initial revision from the models (only while no database
# outside development exists).
migration: $(STAMP)
	$(PY) -m omclient.devtools.regen_migration

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
