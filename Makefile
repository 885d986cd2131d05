# Set-up and main jobs. `make run` and `make test` each create .venv when missing.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# the suite runs on this many processes (pytest-xdist); whole files go to one worker, so that
# module fixtures (stores imported, graphs built, servers started) are made once
WORKERS ?= 2

.PHONY: run test lint clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/trialgraph build -o build/trialgraph.ttl
	$(VENV)/bin/trialgraph validate
	@echo; echo "== Drugs tested in more than one trial"
	@$(VENV)/bin/trialgraph query drugs-in-several-trials
	@echo; echo "== Platelet thresholds across trials (stated value and UCUM unit)"
	@$(VENV)/bin/trialgraph query lab-thresholds --param test=measure:platelet-count --format tsv | cut -f2-6
	@echo; echo "== Sites per country"
	@$(VENV)/bin/trialgraph query sites-by-country
	@echo; echo "== Strictest platelet threshold, in canonical units (the garbled '100 109/µL' included)"
	@$(VENV)/bin/trialgraph query strictest-lab-thresholds --param test=measure:platelet-count --format tsv | cut -f2-7
	@echo; echo "== Which trials examples/patient.json may enter"
	@$(VENV)/bin/trialgraph match examples/patient.json
	@echo; echo "== Trials testing any aromatase inhibitor (WHO ATC L02BG, offline slice)"
	@$(VENV)/bin/trialgraph query trials-by-atc-group --param group=atc:L02BG --format tsv | cut -f2-4
	@echo; echo "== External links per entity type"
	@$(VENV)/bin/trialgraph links | grep -v "^  unmapped"

test: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/pytest -q -n $(WORKERS) --dist loadfile

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests

clean:
	rm -rf $(VENV) build
