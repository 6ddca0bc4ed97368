# Jiesu: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
VENDOR := static/vendor
HOST   ?= 127.0.0.1
PORT   ?= 8000
# 4 single-threaded workers (gunicorn's sync worker): on 2 cores the order list's p95 under 8
# clients is ~100 ms; 2 × 4 threads queue requests behind the GIL (p95 up to 250 ms) - docs/ARCHITECTURE.md
WORKERS ?= 4
THREADS ?= 1

.PHONY: run test setup assets browser lint migrations-check serve clean

setup: $(STAMP) assets

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Front-end files come from the npm registry at set-up and are served from static/vendor.
assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts.min.js
	cp -r node_modules/leaflet/dist $(VENDOR)/leaflet
	mkdir -p $(VENDOR)/fonts   # the PDF report embeds a subset of Noto Sans SC (OFL-1.1)
	cp node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf $(VENDOR)/fonts/
	cp node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf $(VENDOR)/fonts/
	touch $@

# Debian's Chromium for the browser tests (never a browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	  else echo "Chromium missing: browser tests will be skipped (install Debian's chromium)"; fi; }

# The demo through gunicorn (the production WSGI server) and whitenoise, on SQLite. A secret key
# is made once into .secret_key (never committed) so every worker signs sessions with the same key;
# JIESU_DEMO=1 lets the demo's shared password sign in (production settings refuse it).
run: export JIESU_DEMO := 1
run: export SECRET_KEY_FILE := $(CURDIR)/.secret_key
run: setup
	@test -s .secret_key || (umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > .secret_key)
	$(BIN)/jiesu migrate --noinput
	$(BIN)/jiesu collectstatic --noinput --verbosity 0
	$(BIN)/jiesu demo --if-empty
	$(BIN)/jiesu insight-rebuild
	$(BIN)/jiesu hotspot-scan
	@echo "Jiesu is at http://$(HOST):$(PORT)/  (logins above)"
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --threads $(THREADS) \
	  --timeout 120 --access-logfile - --forwarded-allow-ips 127.0.0.1

test: setup browser
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

migrations-check: setup
	$(BIN)/jiesu makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles db.sqlite3* .secret_key
