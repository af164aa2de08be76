"""dbt Python models on a local Spark session (ingestion/spark_python_models).

Skipped without pyspark (`pip install -e .[spark]`, Java 17). A local Spark
session runs: the `local_session` submission helper executes compiled model
code with `spark` bound, and the data-driven models read the same rows from
a DuckDB relation and from a Spark DataFrame and return the same table.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType, SimpleNamespace

import duckdb
import pytest

pytest.importorskip("pyspark")

from pyspark.sql import SparkSession  # noqa: E402

from ingestion.spark_python_models import (  # noqa: E402
    LOCAL_SESSION,
    LocalSessionPythonJobHelper,
    register_local_session_submission,
)
from tests.conftest import duckdb_model_sql  # noqa: E402

MODELS = (
    Path(__file__).resolve().parents[1] / "models" / "intermediate" / "attribution"
)
JOURNEYS = Path(__file__).parent / "fixtures" / "data_driven" / "journeys.csv"
SQL_MODELS = (
    "int_markov_transition_counts",
    "int_channel_journey_counts",
    "int_shapley_channel_sets",
    "int_shapley_profile_channel_counts",
)
SESSION = SimpleNamespace(method="session")


def _load_model(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, MODELS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


markov = _load_model("int_channel_markov_removal_effects")
shapley = _load_model("int_channel_shapley_values")


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> SparkSession:
    """A small local Spark session (no Hive, one core, 1g driver)."""
    session = (
        SparkSession.builder.master("local[1]")
        .config("spark.driver.memory", "1g")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config(
            "spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("warehouse"))
        )
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture()
def duck() -> duckdb.DuckDBPyConnection:
    """DuckDB with the golden journeys and the four SQL models built."""
    connection = duckdb.connect()
    connection.execute(
        "create table int_attribution_paths as select * from read_csv(?, "
        "header = true, columns = {'conversion_type': 'varchar', "
        "'journey_id': 'varchar', 'is_converted': 'boolean', "
        "'has_deal': 'boolean', 'touch_sequence': 'integer', "
        "'channel': 'varchar'})",
        [str(JOURNEYS)],
    )
    for name in SQL_MODELS:
        sql = duckdb_model_sql(MODELS / f"{name}.sql")
        connection.execute(f"create table {name} as {sql}")
    yield connection
    connection.close()


class _Config:
    def __init__(self, values: dict) -> None:
        self.values = values

    def __call__(self, **kwargs: object) -> None:
        pass

    def get(self, key: str, default: object = None) -> object:
        return self.values.get(key, default)


class _Dbt:
    """dbt's model object: `ref` gives a relation of the engine at hand."""

    def __init__(self, ref, **config: object) -> None:
        self.ref = ref
        self.config = _Config(config)


def test_submit_runs_compiled_code_with_spark_bound(spark) -> None:
    compiled_code = (
        "def model(dbt, session):\n"
        "    return session.createDataFrame([(1, 'a'), (2, 'b')], 'n int, c string')\n"
        "df = model(None, spark)\n"
        "df.write.mode('overwrite').format('parquet').saveAsTable('submitted')\n"
    )
    helper = LocalSessionPythonJobHelper({"alias": "submitted"}, SESSION)
    assert helper.submit(compiled_code) == {"model": "submitted"}
    assert sorted(tuple(row) for row in spark.table("submitted").collect()) == [
        (1, "a"),
        (2, "b"),
    ]


def test_helper_refuses_a_target_that_is_not_a_local_session() -> None:
    with pytest.raises(ValueError, match="method: session"):
        LocalSessionPythonJobHelper({}, SimpleNamespace(method="http"))


def test_register_adds_local_session_once() -> None:
    from dbt.adapters.spark.impl import SparkAdapter

    register_local_session_submission()
    register_local_session_submission()
    helpers = SparkAdapter.python_submission_helpers.fget(None)
    assert set(helpers) == {"job_cluster", "all_purpose_cluster", LOCAL_SESSION}
    assert helpers[LOCAL_SESSION] is LocalSessionPythonJobHelper


@pytest.mark.parametrize("module", [markov, shapley], ids=["markov", "shapley"])
def test_sorted_rows_same_on_duckdb_and_spark(module, duck, spark) -> None:
    for name in SQL_MODELS:
        relation = duck.table(name)
        frame = spark.createDataFrame(relation.to_arrow_table())
        duck_rows = module.sorted_rows(relation)
        assert module.sorted_rows(frame) == duck_rows
        assert duck_rows[1] == sorted(relation.fetchall())


@pytest.mark.parametrize(
    ("module", "config"),
    [
        (markov, {}),
        (shapley, {}),
        (shapley, {"shapley_value_function": "journey_count"}),
    ],
    ids=["markov", "shapley_noisy_or", "shapley_journey_count"],
)
def test_models_return_the_same_rows_on_both_engines(
    module, config, duck, spark
) -> None:
    def spark_ref(name: str):
        # rows in reverse order: the result must not depend on row order
        arrow = duck.query(f"select * from {name} order by all desc")
        return spark.createDataFrame(arrow.to_arrow_table())

    on_duckdb = module.model(_Dbt(duck.table, **config), duck)
    on_spark = module.model(_Dbt(spark_ref, **config), spark)
    assert on_spark.columns == on_duckdb.column_names
    assert [tuple(row) for row in on_spark.collect()] == [
        tuple(row.values()) for row in on_duckdb.to_pylist()
    ]
