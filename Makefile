# Two commands do all the set-up on a fresh Debian machine with Python 3.11:
#   make gallery   creates .venv, installs tensordiag, regenerates every gallery output
#   make test      also installs the test tools and TeX Live (when pdflatex is missing), runs pytest
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TEX_PACKAGES := texlive-latex-base texlive-latex-extra texlive-pictures poppler-utils

.PHONY: gallery test regold bench install tex fonts browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

# The [torch] extra (a CPU wheel, about 2 minutes the first time) so that the tests trace PyTorch code too.
TORCH_STAMP := $(VENV)/.installed-torch
$(TORCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,torch]'
	touch $@

gallery: $(STAMP) $(TORCH_STAMP) fonts
	$(BIN)/python -m tensordiag.gallery gallery

# The SVGs set Latin letters in Latin Modern Roman (as in the TikZ output) and Greek, Σ, † and arrows in Latin Modern
# Math; fonts-lmodern ships both and registers its folders with fontconfig (/etc/fonts/conf.d/65-fonts-lmodern.conf).
# The PNGs are rasterised with whatever fontconfig finds, so install it from Debian's packages when either is missing.
fonts:
	@fc-list 2>/dev/null | grep -q "Latin Modern Roman" && fc-list 2>/dev/null | grep -q "Latin Modern Math" || { \
	  echo "installing fonts from Debian's packages (fontconfig fonts-lmodern fonts-dejavu-core)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends fontconfig fonts-lmodern fonts-dejavu-core >/dev/null && \
	  fc-cache -f >/dev/null; }
	@fc-list 2>/dev/null | grep -q "Latin Modern Math" || { echo "fontconfig does not see Latin Modern Math" >&2; exit 1; }

# pdflatex compiles every TikZ output in the tests; install it from Debian's packages when missing.
tex:
	@command -v pdflatex >/dev/null && command -v pdftoppm >/dev/null || { \
	  echo "installing TeX Live from Debian's packages ($(TEX_PACKAGES))"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(TEX_PACKAGES) >/dev/null; }

# The editor's tests (tests/test_edit_browser.py) drive headless Chromium through chromium-driver (Selenium, in
# the [test] extra); install both from Debian's packages when missing. No test tool downloads a browser of its own.
BROWSER_PACKAGES := chromium chromium-driver
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  echo "installing Chromium and its driver from Debian's packages ($(BROWSER_PACKAGES))"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(BROWSER_PACKAGES) >/dev/null; }

test: $(STAMP) $(TORCH_STAMP) tex fonts browser
	$(BIN)/python -m pytest

# Regenerate golden files on purpose, then review them as a diff: each rewritten golden is a skipped test
# ("regenerated golden tests/golden/…"), listed by -rs; refused under CI=true.
regold: $(STAMP)
	TENSORDIAG_REGOLD=1 $(BIN)/python -m pytest tests/test_golden.py -k matches_golden -rs

bench: $(STAMP)
	$(BIN)/python bench/layout.py
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
