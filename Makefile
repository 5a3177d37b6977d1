# Rehearse: one command to run the app, one to run the tests.
PY_SYS ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test eval calibrate bench bench-store bench-couples safety lint clean setup workshop load

$(STAMP): requirements.txt
	@test -x $(PY) || $(PY_SYS) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)  ## set up (first time) and start the app
	$(PY) -m ui.serve

workshop: $(STAMP)  ## serve a workshop room on the local network (prints the join URL)
	$(PY) -m tools.workshop $(if $(PORT),--port $(PORT),)

load: $(STAMP)  ## 40 participants answer at once, on SQLite and PostgreSQL: sent, stored, shown, lost, p50/p95
	$(PY) -m tools.load --participants $(or $(PARTICIPANTS),40) --processes $(or $(PROCESSES),1)

test: $(STAMP)  ## set up (first time) and run the whole test suite
	$(PY) -m pytest -q

eval: $(STAMP)  ## precision / recall / F1 per detector on the labelled sets, listening beside a bag-of-words baseline
	$(PY) -m coach eval
	$(PY) -m tools.listening_eval

calibrate: $(STAMP)  ## check the listening weights on all dev data; ARGS=--write stores the proposal
	$(PY) -m tools.calibrate $(ARGS)

bench: $(STAMP)  ## speed, as ratios against plain spaCy in the same run
	$(PY) -m benchmarks.bench

bench-store: $(STAMP)  ## 40 writers x 20 attempts on SQLite (and PostgreSQL if REHEARSE_TEST_PG_URL is set)
	$(PY) -m benchmarks.store

bench-couples: $(STAMP)  ## two phones in chromium: submit on one -> shown on the other (median, p95 over 20 turns)
	$(PY) -m benchmarks.couples_latency

safety: $(STAMP)  ## crisis screen: recall / false alarms per set, outside-data alarms, speed
	$(PY) -m benchmarks.safety

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .pytest_home .hypothesis
