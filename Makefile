# Two commands do all set-up on a fresh machine:
#   make run    opens omclient on the embedded demo database (SQLite, created on first use)
#   make test   runs the whole test suite on SQLite and on a PostgreSQL the tests start,
#               builds the bundle and smoke-tests the frozen program
# Release:
#   make bundle the PyInstaller one-folder program dist/omclient/ (prints its size)
#   make lock   refreshes packaging/constraints.txt, the pinned versions every install uses
#   make icons  renders resources/icons/ from omclient.svg (the results are committed)
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-packages
CONSTRAINTS := packaging/constraints.txt
PIP_INSTALL := $(PY) -m pip install -qq -c $(CONSTRAINTS)
BUNDLE  := dist/omclient/omclient
BUNDLE_SOURCES := $(shell find omclient resources migrations -type f -not -path '*/__pycache__/*') \
  packaging/omclient.spec

# Shared libraries Qt needs for the offscreen and xcb platforms, PostgreSQL
# server binaries for the tests, poppler for looking at reports.
APT_PACKAGES := libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 \
  libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxcb-xinerama0 fonts-dejavu-core \
  postgresql poppler-utils desktop-file-utils appstream

.PHONY: run test venv system-packages lint typecheck check bench clean migration bundle lock icons

run: $(STAMP) $(SYSSTAMP)
	$(VENV)/bin/omclient --demo

# The official OpenImmo schemas are licensed and never committed. Where a machine
# keeps them in OPENIMMO_DIR (or OPENIMMO_XSD/OPENIMMO_XSD_FEEDBACK point to them),
# every export and feedback test validates against them; elsewhere those tests skip.
OPENIMMO_DIR ?= $(HOME)/.cache/omclient-openimmo

# The bundle is built first so the tests marked "bundle" run the frozen program.
test: $(STAMP) $(SYSSTAMP) $(BUNDLE)
	OPENIMMO_XSD="$${OPENIMMO_XSD:-$(wildcard $(OPENIMMO_DIR)/openimmo_127b.xsd)}" \
	OPENIMMO_XSD_FEEDBACK="$${OPENIMMO_XSD_FEEDBACK:-$(wildcard $(OPENIMMO_DIR)/openimmo-feedback_125.xsd)}" \
	  $(PY) -m pytest $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(PY) || "$$(packaging/find-python)" -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PIP_INSTALL) -e '.[dev,postgresql]'
	touch $(STAMP)

bundle: $(BUNDLE)

$(BUNDLE): $(STAMP) $(BUNDLE_SOURCES)
	$(PIP_INSTALL) pyinstaller
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/omclient.spec
	@echo "Bundle dist/omclient/: $$(du -sh dist/omclient | cut -f1)"

# Pins what a fresh environment of omclient with all extras and PyInstaller
# resolves to today. CPython 3.11 keeps its own PySide6 pin (see pyproject.toml).
lock:
	rm -rf build/lock-venv
	"$$(packaging/find-python)" -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install -qq --upgrade pip
	build/lock-venv/bin/python -m pip install -qq '.[dev,postgresql]' pyinstaller
	{ echo "# Pinned versions for make venv, make bundle and CI; refresh with make lock."; \
	  echo "# Written by $$(build/lock-venv/bin/python -V)."; \
	  build/lock-venv/bin/python -m pip freeze --exclude omclient \
	    | sed -E 's/^((PySide6.*|shiboken6)==.*)$$/\1; python_version >= "3.12"/'; \
	} > $(CONSTRAINTS)
	rm -rf build/lock-venv

icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/make_icons.py

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
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
