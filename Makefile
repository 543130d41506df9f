# One entry point for humans and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PYPROJECTS := $(wildcard libs/*/pyproject.toml services/*/pyproject.toml)
# Every service folder with a pyproject.toml is installed (editable) and type-checked: a new
# service (make new-service) needs no line here.
SERVICES := $(patsubst %/pyproject.toml,%,$(wildcard services/*/pyproject.toml))
SOURCES := libs/cskit/src $(addsuffix /src,$(SERVICES)) tools
ROLE ?= agent
BRANCH ?= b1
SUB ?= dev-$(ROLE)

.PHONY: help install system-tools gen gen-platform lint test test-fast up down status logs token bench migration deploy-check clean new-service service-cost

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(STAMP) node_modules/.installed console/dist/index.html ## create .venv and install every package and tool, build the console (idempotent)

$(STAMP): requirements-dev.txt constraints.txt $(PYPROJECTS)
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -r requirements-dev.txt $(addprefix -e ,$(SERVICES))
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The staff console (console/, served by the gateway at /console/): its own npm project.
CONSOLE_SOURCES := $(shell find console/src -type f) console/index.html console/vite.config.ts console/tsconfig.json
console/node_modules/.installed: console/package.json console/package-lock.json
	cd console && npm ci --no-audit --no-fund --loglevel=error
	touch $@

console/dist/index.html: console/node_modules/.installed $(CONSOLE_SOURCES)
	cd console && npx --no-install vite build --logLevel warn

gen: install ## regenerate the Python contracts from protos/ and the console's API types from the gateway
	$(PY) tools/genproto.py
	$(PY) tools/genconsole.py

gen-platform: install ## write the ops files (scrape jobs, alerts, dashboards, chart values, skaffold) from platform.toml
	$(PY) tools/genplatform.py

lint: install ## contracts and ops files current, buf lint + breaking, ruff, mypy, import contracts
	$(PY) tools/genproto.py --check
	$(PY) tools/genplatform.py --check
	$(PY) tools/genconsole.py --check
	cd console && npx --no-install tsc --noEmit
	npx --no-install buf lint
	@if git rev-parse -q --verify HEAD~1 >/dev/null; then \
	  echo "buf breaking against HEAD~1"; npx --no-install buf breaking --against '.git#ref=HEAD~1'; \
	else echo "buf breaking skipped: no previous commit in this clone"; fi
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(SOURCES)
	$(BIN)/lint-imports

system-tools: ## Debian tools the tests use: prometheus and promtool; Chromium and CJK fonts for the console's tests
	@command -v promtool >/dev/null && command -v prometheus >/dev/null || \
	  (apt-get update -qq && apt-get install -y -qq prometheus >/dev/null)
	@command -v chromium >/dev/null && fc-list | grep -qi 'Noto Sans CJK' || \
	  (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null)

test: lint system-tools ## every check and every test: unit, integration (PostgreSQL + broker), e2e, fuzz, charts, alerts
	$(BIN)/pytest

test-fast: install ## the quick loop: skips the slow fault and load tests
	$(BIN)/pytest -m "not slow"

up: install ## start broker, services and gateway on embedded defaults (logs in .data/logs)
	$(PY) tools/localplatform.py up

# down, status and logs install nothing: without the venv, nothing was ever started.
define platform
	@if [ -x $(PY) ]; then $(PY) tools/localplatform.py $(1); else echo "nothing is running ($(VENV) does not exist yet; make up starts the platform)"; fi
endef

down: ## stop what `make up` started
	$(call platform,down)

status: ## show what is running
	$(call platform,status)

# A NAME from the environment (WSL sets it to the host name) is not a service name.
ifeq ($(origin NAME),environment)
NAME :=
endif
logs: ## the services' logs: make logs [NAME=gateway] [FOLLOW=1] [LINES=40]
	$(call platform,logs $(NAME) $(if $(LINES),--lines $(LINES)) $(if $(FOLLOW),--follow))

token: install ## mint a dev JWT: make token ROLE=agent BRANCH=b1
	@$(PY) -m gateway token --role $(ROLE) --branch $(BRANCH) --sub $(SUB)

bench: install ## platform vs the chain floor (FastAPI -> gRPC -> one SQL), SQLite and PostgreSQL; appends to docs/benchmarks.md (BENCH_ARGS=--quick: smoke run, not recorded; BENCH_ARGS="--month-close-only [--month-close 1000,5000,20000]": attendance month close; BENCH_ARGS="--keys-count-only [--keys-count 5000]": the keys daily count; BENCH_ARGS=--console-only: the console's page weight and queue first render in Chromium)
	@command -v wrk >/dev/null || (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk))
	$(PY) tools/bench/run.py $(BENCH_ARGS)

deploy-check: install ## lint the Dockerfile; render, lint and strictly validate the Helm charts
	$(BIN)/pytest -q tests/deploy

new-service: install ## scaffold a service wired everywhere: make new-service NAME=x [SUMMARY="..."] [RULES=ATT,LV]
	@test -n "$(NAME)" || { echo "usage: make new-service NAME=x" >&2; exit 2; }
	$(PY) tools/newservice.py $(NAME) --summary "$(SUMMARY)" --rules "$(RULES)"

service-cost: ## hand-written non-domain lines of a service: make service-cost [NAME=complaints]
	@$(PY) tools/servicecost.py $(or $(NAME),complaints)

migration: install ## new Alembic revision: make migration SERVICE=complaints MSG="add x"
	$(PY) -m $(SERVICE) makemigration "$(MSG)"

clean: down ## remove local data, caches and the venv
	rm -rf .data $(VENV) node_modules console/node_modules console/dist .mypy_cache .ruff_cache .pytest_cache
