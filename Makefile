# The two set-up commands of the README: `make reports` and `make test`.
# Each builds what it needs from nothing: a virtual environment with the locked dependencies,
# and Debian's chromium for PDFs and browser tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
SAMPLE_BATCH := params/sample.yaml

.PHONY: reports test test-fast lint lab lab-git env bytecode kernelspec browser clean lock messages catalogs

reports: env browser bytecode
	$(BIN)/reactlib validate
	$(BIN)/reactlib batch $(SAMPLE_BATCH) --out outputs

test: env browser lint bytecode
	$(PYTEST) -n 2 -q

# reactlib's modules compiled once: where PYTHONDONTWRITEBYTECODE is set (as on this project's
# machines), Python caches no compiled module, and every process that imports reactlib (each
# command, kernel and batch worker) compiled them again: about 0.1 core-s a process, measured on a
# refused `reactlib report`. A file changed since is compiled again in memory, as before.
bytecode: env
	$(BIN)/python -m compileall -q reactlib

# pytest rewrites the asserts of every test module it imports and keeps the result as bytecode,
# which it cannot write where PYTHONDONTWRITEBYTECODE is set: each xdist worker then rewrote and
# compiled every test module again before its first test, 2.4 of its 6 s of collecting
# (`pytest --collect-only`, 6.0 s against 3.6). The suite runs with it unset; what it writes is
# in __pycache__ folders, which git ignores.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

# Lint, formatting and types: part of `make test`, so CI (.ci/run) checks them too.
lint: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The edit loop: every test but those that render notebooks or drive a browser.
test-fast: env bytecode
	$(PYTEST) -n 2 -q -m "not slow"

# JupyterLab refuses to start as root ("Running as root is not recommended"), as the README's
# set-up is run in containers; it is allowed only there, not for every user.
LAB_AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# jupyter_server_config.py: JupyterLab saves a notebook as git's filter below would commit it.
lab: $(BIN)/jupyter-lab lab-git
	$(BIN)/jupyter lab $(LAB_AS_ROOT) --config=jupyter_server_config.py notebooks/

# Running a notebook writes its outputs and execution counts into it: nbstripout, git's filter for
# notebooks (.gitattributes), keeps them out of every commit, whatever saved the notebook. Cell ids
# are kept (tests and diffs name cells by them); the kernel's description of its language (its
# version differs between machines) and a cell's collapsed state are left out. Outside a git clone
# there is nothing to set up.
# After `make clean`, run `make lab` again: git needs the filter to commit a notebook.
NBSTRIPOUT := "$(abspath $(BIN))/python" -m nbstripout --keep-id
lab-git: $(BIN)/jupyter-lab
	@if git rev-parse --git-dir > /dev/null 2>&1; then \
	  $(BIN)/nbstripout --install --attributes .gitattributes && \
	  git config filter.nbstripout.clean '$(NBSTRIPOUT)' && \
	  git config diff.ipynb.textconv '$(NBSTRIPOUT) -t' && \
	  git config filter.nbstripout.extrakeys 'metadata.language_info cell.metadata.jupyter'; \
	fi

env: $(VENV)/.locked

# pip -qq: a machine's pip.conf may name mirrors that are absent, and pip warns of each one.
$(VENV)/.locked: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --editable .
	$(MAKE) --no-print-directory kernelspec
	$(BIN)/python -m reactlib.language.domains catalogs
	touch $@

# The kernel spec notebooks run with, in the environment (a test gives KERNEL_PREFIX="--prefix DIR").
# ipykernel writes it into a new folder of the temporary directory and then removes only the spec
# inside, so every install left an empty tmp*_kernels folder behind: it gets a TMPDIR of its own.
KERNEL_PREFIX ?= --sys-prefix
kernelspec:
	@tmp=$$(mktemp -d) && { TMPDIR="$$tmp" $(BIN)/python -m ipykernel install $(KERNEL_PREFIX) --name python3 > /dev/null; \
	  status=$$?; rm -rf "$$tmp"; exit $$status; }

$(BIN)/jupyter-lab: requirements-lab.lock $(VENV)/.locked
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements-lab.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --editable .
	touch $@

# The translations (reactlib/language/domains.py declares the catalog domains once):
# `make messages` extracts every domain's .pot from its sources and updates its ru and uk .po
# (pybabel extract + update); `make catalogs` compiles the .po to .mo (pybabel compile), as
# `make env` does. A clone or a wheel without .mo files compiles the .po in memory instead.
messages: env
	$(BIN)/python -m reactlib.language.domains messages

catalogs: env
	$(BIN)/python -m reactlib.language.domains catalogs

# Debian's chromium: Playwright drives it for PDFs and browser tests (its own browser download
# is not available offline). Charts are SVG with their text in DejaVu Sans.
browser:
	@{ command -v chromium && fc-list | grep -q DejaVuSans.ttf; } > /dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core > /dev/null; }

# Re-lock after changing dependencies in pyproject.toml.
lock: env
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements.lock -q
	$(BIN)/uv pip compile pyproject.toml --extra test --extra lab --generate-hashes --python-version 3.11 -o requirements-lab.lock -q

clean:
	rm -rf $(VENV) outputs/*/ outputs/index.html
