# Two commands on a fresh machine: `make report` and `make test`.
# Each creates the virtual environment first if it is missing.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KERNEL := pairwise-digits
LAB_PORT ?= 8888
CHROMIUM ?= /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: report test test-fast notebooks lab lock clean env readme

report: $(STAMP)
	$(PY) -m helpers run

test: $(STAMP) $(CHROMIUM)
	$(PY) -m pytest

# The browser tests drive Debian's Chromium (Playwright's own browser download does
# not work offline).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# Unit tests only (no notebooks, no pipeline): seconds.
test-fast: $(STAMP)
	$(PY) -m pytest tests -m "not slow"

env: $(STAMP)

# Installs exactly what requirements.lock pins, then this project (editable, no deps),
# then registers a Jupyter kernel for JupyterLab users.
$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (pairwise digits)"
	touch $(STAMP)

# JupyterLab on notebooks/ with the project's kernel, on 127.0.0.1 with a token.
# --allow-root because JupyterLab refuses to start as root without it.
lab: $(STAMP)
	$(PY) -m jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --port=$(LAB_PORT) --no-browser \
		--ServerApp.token=$${JUPYTER_TOKEN:-$$($(PY) -c 'import secrets; print(secrets.token_hex(24))')} \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Rewrite README.md's parameter table from the schema.
readme: $(STAMP)
	$(PY) -m helpers params-table --readme README.md

# Re-execute the committed notebooks in place with the default parameters, so that
# their outputs (checked by nbval in `make test`) match the code.
notebooks: $(STAMP)
	$(PY) -m helpers refresh-notebooks

# Re-resolve the dependencies of pyproject.toml into requirements.lock and environment.yml.
lock:
	$(PYTHON) tools/lock.py

clean:
	rm -rf $(VENV) reports/_interactive
