# Two commands: `make demo` (set up, generate, load, build, summary) and
# `make test` (everything CI runs). Python 3.10+ is the only prerequisite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: setup demo test lint build dashboard clean browser benchmark spark-setup spark-demo

setup: $(STAMP)

$(STAMP): pyproject.toml
	@echo "==> creating $(VENV) and installing dependencies (first time: a few minutes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -e . \
		| grep -E --line-buffered "^(Collecting|Successfully|ERROR)" || true
	$(BIN)/python -c "import dbt, dlt, duckdb, streamlit, playwright"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/attribution demo

build: $(STAMP)
	$(BIN)/attribution build

dashboard: $(STAMP)
	$(BIN)/attribution dashboard

lint: $(STAMP)
	$(BIN)/sqlfluff lint --processes 0 models macros tests/dbt analyses

# The dashboard's browser test drives Debian's chromium (no download at test
# time); installed here when missing and allowed, else that test is skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
		|| { echo "==> installing Debian's chromium for the dashboard browser test"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
		|| echo "chromium not installed: the browser test will be skipped"; }

# The Spark engine (README "Running on Spark"): dbt-spark and pyspark from
# the package registry, and Java 17 (Debian's package when missing).
spark-setup: $(STAMP)
	@$(BIN)/python -c "import pyspark, dbt.adapters.spark" 2>/dev/null \
		|| { echo "==> installing dbt-spark and pyspark (pip install -e .[spark])"; \
		$(BIN)/python -m pip install --disable-pip-version-check -q -e ".[spark]"; }
	@command -v java >/dev/null 2>&1 || { echo "==> installing Java 17 for Spark"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless >/dev/null; }

spark-demo: spark-setup
	$(BIN)/attribution spark-demo

# Every test, the Spark build of the demo and its comparison with DuckDB
# included (tests/test_spark_engine.py fails instead of skipping here).
test: lint browser spark-setup
	ATTRIBUTION_REQUIRE_SPARK=1 $(BIN)/python -m pytest

# Every performance figure side by side (about half an hour at the default
# scales 1, 10, 30 and 100); `make benchmark ARGS="--scales 1 10"` for less.
benchmark: $(STAMP)
	$(BIN)/python -m ingestion.benchmark_report $(ARGS)

clean:
	find warehouse -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf data/demo target logs
