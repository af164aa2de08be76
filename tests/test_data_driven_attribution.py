"""Data-driven attribution: Markov removal effects and Shapley values.

The dbt Python models are imported by path and tested without dbt: the pure
math functions, and `model()` itself with a fake `dbt` object whose `ref`
returns an in-memory DuckDB relation of the SQL models that aggregate the
paths for them, built with those models' own SQL (rendered for DuckDB by
`duckdb_model_sql`), so the path-aggregating SQL runs too.

Golden fixture (`tests/fixtures/data_driven/journeys.csv`), channels
A = paid_search, B = email, C = events_webinars, D = display:

    opportunity_created                     closed_won
    j1: A -> A -> B -> conversion           k1: A -> B -> B -> conversion
    j2: A -> null                           k2: A -> null
    j3: B -> conversion                     k3: B -> null
    j4: A -> C -> conversion   (rows stored out of order)
    j5: C -> B -> null
    j6: D -> null

Markov, opportunity_created (repeats collapsed: j1 is A -> B -> conversion).
Transitions out of each state (count / total):
    start: A 3/6, B 1/6, C 1/6, D 1/6
    A:     B 1/3, C 1/3, null 1/3
    B:     conversion 2/3, null 1/3
    C:     conversion 1/2, B 1/2
    D:     null 1
Absorption probabilities x (solution of (I - Q) x = R):
    x_B = 2/3;  x_C = 1/2 + 1/2 x_B = 5/6;  x_D = 0;
    x_A = 1/3 x_B + 1/3 x_C = 1/3 (2/3 + 5/6) = 1/2
    P = 3/6 x_A + 1/6 x_B + 1/6 x_C + 1/6 x_D = 9/36 + 4/36 + 5/36 = 1/2
Removals (the removed state's x becomes 0):
    -A: P = 1/6 * 2/3 + 1/6 * 5/6              = 1/4 -> RE_A = 1 - 1/2 = 1/2
    -B: x_C = 1/2, x_A = 1/3 * 1/2 = 1/6,
        P = 1/2 * 1/6 + 1/6 * 1/2              = 1/6 -> RE_B = 1 - 1/3 = 2/3
    -C: x_B = 2/3, x_A = 1/3 * 2/3 = 2/9,
        P = 1/2 * 2/9 + 1/6 * 2/3              = 2/9 -> RE_C = 1 - 4/9 = 5/9
    -D: P = 1/2                                      -> RE_D = 0
    sum RE = 9/18 + 12/18 + 10/18 = 31/18
    weights: A 9/31, B 12/31, C 10/31, D 0
Markov, closed_won (k1 collapses to A -> B -> conversion):
    start: A 2/3, B 1/3;  A: B 1/2, null 1/2;  B: conversion 1/2, null 1/2
    x_B = 1/2, x_A = 1/4, P = 2/3 * 1/4 + 1/3 * 1/2 = 1/3
    -A: P = 1/3 * 1/2 = 1/6 -> RE_A = 1/2;  -B: P = 0 -> RE_B = 1
    weights: A 1/3, B 2/3

Shapley, v(S) = converting journeys whose channel set is within S.
opportunity_created: converting sets {A, B} (j1), {B} (j3), {A, C} (j4);
D is on no converting journey (null player, value 0). Over A, B, C:
    v({}) = v(A) = v(C) = 0, v(B) = 1, v(AB) = 2, v(AC) = 1, v(BC) = 1,
    v(ABC) = 3
Marginal contributions per arrival order (A, B, C):
    A B C: 0 2 1    A C B: 0 2 1    B A C: 1 1 1
    B C A: 2 1 0    C A B: 1 2 0    C B A: 2 1 0
    sums: A 6, B 9, C 3 -> phi = A 1, B 3/2, C 1/2 (sum 3 = v(ABC))
    weights: A 1/3, B 1/2, C 1/6, D 0
closed_won: one converting set {A, B}: v(AB) = 1, else 0 ->
    phi_A = phi_B = 1/2, weights 1/2 and 1/2.

Expected values are stored as exact fractions in
`tests/fixtures/data_driven/expected_{markov,shapley}.csv`.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import itertools
import math
from collections import Counter
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import duckdb
import numpy as np
import pytest

from ingestion.demo import journeys_sim
from tests.conftest import duckdb_model_sql

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models" / "intermediate" / "attribution"
FIXTURES = Path(__file__).parent / "fixtures" / "data_driven"
TOLERANCE = 1e-9


def _load_model(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, MODELS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


markov = _load_model("int_channel_markov_removal_effects")
shapley = _load_model("int_channel_shapley_values")
# The SQL models aggregating int_attribution_paths for the two Python models.
SQL_MODELS = (
    "int_markov_transition_counts",
    "int_channel_journey_counts",
    "int_shapley_channel_sets",
    "int_shapley_profile_channel_counts",
)


def _build_sql_models(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the SQL models' tables from `int_attribution_paths`, each with
    the model's own SQL (rendered for DuckDB)."""
    for name in SQL_MODELS:
        sql = duckdb_model_sql(MODELS / f"{name}.sql")
        connection.execute(f"create table {name} as {sql}")


def _journey_paths() -> dict[str, list[tuple[list[str], int, bool]]]:
    """Golden journeys as (path, count 1, converted) per conversion type."""
    touches: dict[tuple[str, str], list[tuple[int, str]]] = {}
    converted: dict[tuple[str, str], bool] = {}
    with open(FIXTURES / "journeys.csv", newline="") as file:
        for row in csv.DictReader(file):
            key = (row["conversion_type"], row["journey_id"])
            touches.setdefault(key, []).append(
                (int(row["touch_sequence"]), row["channel"])
            )
            converted[key] = row["is_converted"] == "true"
    paths: dict[str, list[tuple[list[str], int, bool]]] = {}
    for key, sequence in touches.items():
        path = [channel for _, channel in sorted(sequence)]
        paths.setdefault(key[0], []).append((path, 1, converted[key]))
    return paths


def _expected(name: str) -> dict[tuple[str, str], dict[str, float]]:
    """Expected rows keyed by (conversion_type, channel), fractions -> float."""
    with open(FIXTURES / name, newline="") as file:
        return {
            (row.pop("conversion_type"), row.pop("channel")): {
                column: float(Fraction(value)) for column, value in row.items()
            }
            for row in csv.DictReader(file)
        }


def _assert_rows_match(
    actual: dict[tuple[str, str], dict[str, float]],
    expected: dict[tuple[str, str], dict[str, float]],
) -> None:
    assert sorted(actual) == sorted(expected)
    for key, columns in expected.items():
        for column, value in columns.items():
            assert actual[key][column] == pytest.approx(
                value, abs=TOLERANCE
            ), (key, column)


class _FakeConfig:
    """dbt's `dbt.config`: called to set config, `.get` to read it."""

    def __init__(self, values: dict) -> None:
        self.values = dict(values)
        self.set: dict = {}

    def __call__(self, **kwargs: object) -> None:
        self.set.update(kwargs)

    def get(self, key: str, default: object = None) -> object:
        return self.values.get(key, default)


class _FakeDbt:
    """The parts of dbt's Python model object the models use."""

    def __init__(
        self, connection: duckdb.DuckDBPyConnection, **config: object
    ) -> None:
        self.connection = connection
        self.config = _FakeConfig(config)

    @property
    def configured(self) -> dict:
        return self.config.set

    def ref(self, name: str) -> duckdb.DuckDBPyRelation:
        # As dbt-duckdb's local environment does.
        return self.connection.query(f"select * from {name}")


@pytest.fixture()
def paths_connection() -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with the golden journeys as int_attribution_paths."""
    connection = duckdb.connect()
    connection.execute(
        """
        create table int_attribution_paths as
        select * from read_csv(
            ?, header = true, columns = {
                'conversion_type': 'varchar', 'journey_id': 'varchar',
                'is_converted': 'boolean', 'has_deal': 'boolean',
                'touch_sequence': 'integer', 'channel': 'varchar'
            }
        )
        """,
        [str(FIXTURES / "journeys.csv")],
    )
    _build_sql_models(connection)
    yield connection
    connection.close()


def _random_paths(
    seed: int, channels: list[str], journeys: int = 300
) -> list[tuple[tuple[str, ...], int, bool]]:
    """Random journeys aggregated to (path, count, converted)."""
    rng = np.random.default_rng(seed)
    counter: Counter = Counter()
    for _ in range(journeys):
        length = int(rng.integers(1, 6))
        path = tuple(channels[i] for i in rng.integers(0, len(channels), length))
        counter[(path, bool(rng.random() < 0.3))] += 1
    return [(path, count, converted) for (path, converted), count in counter.items()]


# Markov ----------------------------------------------------------------------


def test_markov_golden_fixture() -> None:
    actual = {}
    for conversion_type, paths in _journey_paths().items():
        result = markov.markov_removal_effects(paths)
        for channel in result["removal_effect"]:
            actual[(conversion_type, channel)] = {
                "removal_effect": result["removal_effect"][channel],
                "channel_weight": result["channel_weight"][channel],
                "conversion_probability": result["conversion_probability"],
                "conversion_probability_without_channel": result[
                    "conversion_probability_without_channel"
                ][channel],
                "journeys": result["journeys"],
                "converted_journeys": result["converted_journeys"],
                "journeys_with_channel": result["journeys_with_channel"][channel],
                "converted_journeys_with_channel": result[
                    "converted_journeys_with_channel"
                ][channel],
            }
    _assert_rows_match(actual, _expected("expected_markov.csv"))


def test_markov_model_runs_sql_and_returns_arrow(paths_connection) -> None:
    fake_dbt = _FakeDbt(paths_connection)
    table = markov.model(fake_dbt, paths_connection)
    assert fake_dbt.configured == {"materialized": "table"}
    assert table.schema == markov.OUTPUT_SCHEMA
    actual = {
        (row.pop("conversion_type"), row.pop("channel")): row
        for row in table.to_pylist()
    }
    _assert_rows_match(actual, _expected("expected_markov.csv"))


def test_markov_sql_collapses_repeats_and_orders_touches(paths_connection):
    rows = paths_connection.table("int_markov_transition_counts").fetchall()
    start, conversion, null = markov.START, markov.CONVERSION, markov.NULL
    # Hand count of the golden journeys (see the module docstring).
    assert sorted(
        (source, target, count)
        for conversion_type, source, target, count in rows
        if conversion_type == "opportunity_created"
    ) == sorted(
        [
            (start, "paid_search", 3),
            (start, "email", 1),
            (start, "events_webinars", 1),
            (start, "display", 1),
            ("paid_search", "email", 1),
            ("paid_search", "events_webinars", 1),
            ("paid_search", null, 1),
            ("email", conversion, 2),
            ("email", null, 1),
            ("events_webinars", conversion, 1),
            ("events_webinars", "email", 1),
            ("display", null, 1),
        ]
    )


def _touch_rows(
    conversion_type: str, paths: list[tuple[tuple[str, ...], int, bool]]
) -> list[tuple[str, str, bool, int, str]]:
    """Expand (path, count, converted) into int_attribution_paths rows."""
    rows = []
    for number, (path, count, converted) in enumerate(paths):
        for copy in range(count):
            for sequence, channel in enumerate(path, start=1):
                rows.append(
                    (
                        conversion_type,
                        f"{number}-{copy}",
                        converted,
                        sequence,
                        channel,
                    )
                )
    return rows


def test_markov_sql_matches_python_twins() -> None:
    paths = _random_paths(5, ["a", "b", "c", "d"], journeys=200)
    connection = duckdb.connect()
    connection.execute(
        "create table int_attribution_paths (conversion_type varchar, "
        "journey_id varchar, is_converted boolean, touch_sequence integer, "
        "channel varchar, has_deal boolean default false)"
    )
    connection.executemany(
        "insert into int_attribution_paths (conversion_type, journey_id, "
        "is_converted, touch_sequence, channel) values (?, ?, ?, ?, ?)",
        _touch_rows("closed_won", paths),
    )
    _build_sql_models(connection)
    transitions = connection.table("int_markov_transition_counts").fetchall()
    assert sorted(row[1:] for row in transitions) == sorted(
        markov.path_transitions(paths)
    )
    _, journey_rows = markov.sorted_rows(
        connection.table("int_channel_journey_counts")
    )
    counts = markov.channel_journey_counts(paths)
    assert journey_rows == [
        (
            "closed_won",
            channel,
            counts["journeys"],
            counts["converted_journeys"],
            counts["journeys_with_channel"][channel],
            counts["converted_journeys_with_channel"][channel],
        )
        for channel in sorted(counts["journeys_with_channel"])
    ]
    connection.close()


def test_markov_weights_sum_to_one_and_effects_within_bounds() -> None:
    channels = ["a", "b", "c", "d", "e", "f"]
    for seed in range(5):
        result = markov.markov_removal_effects(_random_paths(seed, channels))
        assert sum(result["channel_weight"].values()) == pytest.approx(1)
        for effect in result["removal_effect"].values():
            assert 0 <= effect <= 1


def test_markov_channel_only_leading_to_null_has_no_effect() -> None:
    paths = [(["a", "b"], 3, True), (["a"], 2, False), (["z"], 4, False),
             (["a", "z"], 1, False)]
    result = markov.markov_removal_effects(paths)
    assert result["removal_effect"]["z"] == 0
    assert result["channel_weight"]["z"] == 0


def test_markov_channel_off_converting_paths_can_still_matter() -> None:
    """First-order chains are memoryless: c -> b and b converts elsewhere.

    start: a 1/2, b 1/2; a -> c; c -> b; b: conversion 1/2, null 1/2.
    P = 1/2 (a path: 1/2, b path: 1/2); without c the a-path is lost:
    P = 1/4, RE_c = 1/2 although c is on no converting journey.
    """
    paths = [(["a", "c", "b"], 1, False), (["b"], 1, True)]
    result = markov.markov_removal_effects(paths)
    assert result["conversion_probability"] == pytest.approx(0.5, abs=TOLERANCE)
    assert result["removal_effect"]["c"] == pytest.approx(0.5, abs=TOLERANCE)


def test_markov_single_channel_is_the_empirical_rate() -> None:
    result = markov.markov_removal_effects([(["a"], 3, True), (["a"], 7, False)])
    assert result["conversion_probability"] == pytest.approx(0.3, abs=TOLERANCE)
    assert result["removal_effect"] == {"a": 1.0}
    assert result["channel_weight"] == {"a": 1.0}


def test_markov_self_loops_would_not_change_the_probability() -> None:
    """Collapsing repeats is harmless: a self-loop only rescales its row."""
    paths = _random_paths(7, ["a", "b", "c", "d"])
    counts = markov.transition_matrices(markov.path_transitions(paths))
    matrices = [
        counts[key] for key in ("start", "between", "to_conversion", "to_null")
    ]
    with_self_loops = list(matrices)
    with_self_loops[1] = matrices[1] + np.diag([5.0, 1.0, 0.0, 2.0])
    for removed in (None, 0, 1, 2, 3):
        assert markov.conversion_probability(
            *matrices, removed=removed
        ) == pytest.approx(
            markov.conversion_probability(*with_self_loops, removed=removed),
            abs=TOLERANCE,
        )


def test_markov_counts_weight_paths() -> None:
    paths = _journey_paths()["opportunity_created"]
    doubled = markov.markov_removal_effects(
        [(path, 2 * count, converted) for path, count, converted in paths]
    )
    once = markov.markov_removal_effects(paths)
    assert doubled["removal_effect"] == pytest.approx(once["removal_effect"])
    assert doubled["journeys"] == 2 * once["journeys"]


def test_markov_without_conversions_gives_equal_weights() -> None:
    result = markov.markov_removal_effects([(["a", "b"], 2, False), (["c"], 1, False)])
    assert result["conversion_probability"] == 0
    assert set(result["removal_effect"].values()) == {0.0}
    assert result["channel_weight"] == pytest.approx(
        {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}
    )


def test_markov_empty_input_gives_empty_table() -> None:
    table = markov.removal_effects_table([], [])
    assert table.num_rows == 0
    assert table.schema == markov.OUTPUT_SCHEMA


# Shapley ---------------------------------------------------------------------


def _brute_force_shapley(
    paths: list[tuple[tuple[str, ...], int, bool]],
) -> dict[str, float]:
    """Average marginal contribution over every arrival order (n! orders)."""
    players = sorted({c for path, _, _ in paths for c in path})

    def worth(coalition: set[str]) -> int:
        return sum(
            count
            for path, count, converted in paths
            if converted and set(path) <= coalition
        )

    totals = dict.fromkeys(players, 0.0)
    for order in itertools.permutations(players):
        coalition: set[str] = set()
        for player in order:
            before = worth(coalition)
            coalition.add(player)
            totals[player] += worth(coalition) - before
    return {p: total / math.factorial(len(players)) for p, total in totals.items()}


def test_shapley_golden_fixture() -> None:
    actual = {}
    for conversion_type, paths in _journey_paths().items():
        result = shapley.shapley_values(paths)
        for channel in result["shapley_value"]:
            actual[(conversion_type, channel)] = {
                "shapley_value": result["shapley_value"][channel],
                "channel_weight": result["channel_weight"][channel],
                "converted_journeys": result["converted_journeys"],
                "converted_journeys_with_channel": result[
                    "converted_journeys_with_channel"
                ][channel],
            }
    _assert_rows_match(actual, _expected("expected_shapley.csv"))


def test_shapley_model_runs_sql_and_returns_arrow(paths_connection) -> None:
    fake_dbt = _FakeDbt(paths_connection, shapley_value_function="journey_count")
    table = shapley.model(fake_dbt, paths_connection)
    assert fake_dbt.configured == {"materialized": "table"}
    assert table.schema == shapley.OUTPUT_SCHEMA
    actual = {
        (row.pop("conversion_type"), row.pop("channel")): row
        for row in table.to_pylist()
    }
    _assert_rows_match(actual, _expected("expected_shapley.csv"))


def test_shapley_matches_brute_force_permutations() -> None:
    paths = _random_paths(11, ["a", "b", "c", "d", "e"], journeys=80)
    result = shapley.shapley_values(paths)
    expected = _brute_force_shapley(paths)
    assert result["shapley_value"] == pytest.approx(expected, abs=TOLERANCE)


def test_shapley_matches_equal_split_per_journey() -> None:
    """For this v, phi_i = sum of count / |channel set| over journeys with i."""
    channels = [f"c{i}" for i in range(12)]
    paths = _random_paths(3, channels, journeys=2000)
    expected = dict.fromkeys(channels, 0.0)
    for path, count, converted in paths:
        if converted:
            for channel in set(path):
                expected[channel] += count / len(set(path))
    result = shapley.shapley_values(paths)
    assert result["shapley_value"] == pytest.approx(expected, abs=TOLERANCE)


def test_shapley_efficiency_and_weights() -> None:
    for seed in range(5):
        paths = _random_paths(seed, ["a", "b", "c", "d", "e", "f", "g"])
        result = shapley.shapley_values(paths)
        converted = sum(count for _, count, is_converted in paths if is_converted)
        assert result["converted_journeys"] == converted
        assert sum(result["shapley_value"].values()) == pytest.approx(
            converted, abs=TOLERANCE
        )
        assert sum(result["channel_weight"].values()) == pytest.approx(1)


def test_shapley_symmetry_of_channels_always_together() -> None:
    paths = [
        (["a", "x", "y"], 3, True),
        (["y", "b", "x"], 2, True),
        (["x", "y"], 1, False),
        (["a"], 4, True),
        (["b", "a"], 1, True),
    ]
    values = shapley.shapley_values(paths)["shapley_value"]
    assert values["x"] == pytest.approx(values["y"], abs=TOLERANCE)
    assert values["x"] > 0


def test_shapley_null_player_gets_nothing() -> None:
    paths = [(["a", "b"], 2, True), (["z", "a"], 5, False), (["z"], 1, False)]
    result = shapley.shapley_values(paths)
    assert result["shapley_value"]["z"] == 0
    assert result["channel_weight"]["z"] == 0
    assert result["shapley_value"]["a"] == pytest.approx(1, abs=TOLERANCE)


def test_shapley_without_conversions_gives_equal_weights() -> None:
    result = shapley.shapley_values([(["a", "b"], 2, False)])
    assert result["shapley_value"] == {"a": 0.0, "b": 0.0}
    assert result["channel_weight"] == {"a": 0.5, "b": 0.5}


def test_shapley_refuses_more_than_sixteen_converting_channels() -> None:
    channels = [f"c{i:02d}" for i in range(17)]
    with pytest.raises(ValueError, match="17 channels appear on converting"):
        shapley.shapley_values([([channel], 1, True) for channel in channels])
    # Channels only on non-converting journeys are not enumerated.
    result = shapley.shapley_values(
        [([channel], 1, True) for channel in channels[:16]]
        + [([channels[16]], 1, False)]
    )
    assert result["shapley_value"][channels[16]] == 0


def test_shapley_empty_input_gives_empty_table() -> None:
    table = shapley.shapley_values_table([])
    assert table.num_rows == 0
    assert table.schema == shapley.OUTPUT_SCHEMA


# Shapley over a fitted noisy-OR (the default value function) ----------------


def _noisy_or_journeys(
    seed: int, effects: dict[str, float], journeys: int, mean_touches: dict
) -> list[tuple[dict[str, int], bool]]:
    """Journeys drawn from a noisy-OR with known per-touch effects."""
    rng = np.random.default_rng(seed)
    drawn = []
    for _ in range(journeys):
        touches = {
            channel: int(n)
            for channel in effects
            if (n := rng.poisson(mean_touches[channel])) > 0
        }
        if not touches:
            continue
        fired = any(
            rng.random() < effects[channel]
            for channel, n in touches.items()
            for _ in range(n)
        )
        drawn.append((touches, fired))
    return drawn


def test_noisy_or_fit_recovers_planted_effects() -> None:
    effects = {"events": 0.3, "paid": 0.1, "organic": 0.01, "direct": 0.0}
    mean_touches = {"events": 0.3, "paid": 1.0, "organic": 3.0, "direct": 2.0}
    journeys = _noisy_or_journeys(7, effects, 20_000, mean_touches)
    result = shapley.noisy_or_shapley_values(journeys)
    fitted = result["touch_effect"]
    for channel, planted in effects.items():
        assert fitted[channel] == pytest.approx(planted, abs=0.01), channel
    # High-volume, low-effect organic is present on most converting journeys
    # yet earns less than rare, decisive events.
    values = result["shapley_value"]
    assert values["events"] > values["organic"] > values["direct"]
    assert result["converted_journeys_with_channel"]["organic"] > (
        result["converted_journeys_with_channel"]["events"]
    )


def test_noisy_or_single_channel_value_is_expected_conversions() -> None:
    """One channel: v({c}) = sum_j 1 - (1 - p)^n_j at the MLE.

    Journeys: 2 with one touch (1 converts), 1 with two touches (converts).
    With a baseline b (r = 1 - b, q = 1 - p) the likelihood is
    (1 - r q) r q (1 - r q^2): for a fixed product x = r q the last factor
    is largest with q as small as possible, q = x, so the MLE has b = 0 and
    is the fit without baseline.
    Likelihood L(p) = p (1 - p) (1 - (1 - p)^2) = p^2 (1 - p) (2 - p);
    dlogL/dp = 2/p - 1/(1 - p) - 1/(2 - p) = 0 gives 4 p^2 - 9 p + 4 = 0,
    p = (9 - sqrt(17)) / 8; v = 2 p + 1 - (1 - p)^2.
    """
    journeys = [({"a": 1}, True), ({"a": 1}, False), ({"a": 2}, True)]
    result = shapley.noisy_or_shapley_values(journeys)
    p = (9 - math.sqrt(17)) / 8
    assert result["baseline_rate"] == pytest.approx(0, abs=1e-8)
    assert result["touch_effect"]["a"] == pytest.approx(p, abs=1e-8)
    assert result["shapley_value"]["a"] == pytest.approx(
        2 * p + 1 - (1 - p) ** 2, abs=1e-8
    )
    assert result["channel_weight"] == {"a": 1.0}


def test_noisy_or_baseline_worked_example() -> None:
    """The worked example of the README and the model's YAML.

    10 journeys with one touch of a (5 convert), 10 with two (6 convert).
    Two touch counts, two parameters: the MLE reproduces both rates,
        1 - (1 - b) q = 1/2 and 1 - (1 - b) q^2 = 3/5 (q = 1 - p),
    so q = (2/5) / (1/2) = 4/5 and 1 - b = (1/2) / q = 5/8:
        p = 1/5, b = 3/8.
    Baseline conversions b x 20 = 7.5; v({a}) = (1 - b) sum_j 1 - q^n_j
    = 5/8 (10 x 1/5 + 10 x 9/25) = 3.5; 7.5 + 3.5 = 11 conversions.
    """
    journeys = [({"a": 1}, True)] * 5 + [({"a": 1}, False)] * 5
    journeys += [({"a": 2}, True)] * 6 + [({"a": 2}, False)] * 4
    result = shapley.noisy_or_shapley_values(journeys)
    assert result["touch_effect"]["a"] == pytest.approx(1 / 5, abs=1e-7)
    assert result["baseline_rate"] == pytest.approx(3 / 8, abs=1e-7)
    assert result["baseline_conversions"] == pytest.approx(7.5, abs=1e-5)
    assert result["shapley_value"]["a"] == pytest.approx(3.5, abs=1e-5)
    assert result["converted_journeys"] == 11


def test_journeys_are_aggregated_to_profiles_before_fitting() -> None:
    counts = np.array([[1, 0], [2, 1], [1, 0], [2, 1], [0, 3]])
    converted = np.array([True, False, False, False, True])
    profiles, journeys, conversions = shapley.aggregate_journeys(
        counts, converted
    )
    assert profiles.tolist() == [[0, 3], [1, 0], [2, 1]]
    assert journeys.tolist() == [1, 2, 2]
    assert conversions.tolist() == [1, 1, 0]


def test_noisy_or_shapley_matches_brute_force_permutations() -> None:
    effects = {"a": 0.2, "b": 0.05, "c": 0.1, "d": 0.3}
    journeys = _noisy_or_journeys(
        3, effects, 3_000, dict.fromkeys(effects, 0.8)
    )
    result = shapley.noisy_or_shapley_values(journeys)
    fitted = result["touch_effect"]
    players = sorted(effects)

    # v(S) = expected conversions beyond the baseline b:
    # sum_j (1 - (1 - b) prod_(c in S) (1 - p_c)^n_jc) - b.
    rate = result["baseline_rate"]

    def worth(coalition: set[str]) -> float:
        return sum(
            1 - (1 - rate) * math.prod(
                (1 - fitted[c]) ** n for c, n in touches.items()
                if c in coalition
            ) - rate
            for touches, _ in journeys
        )

    totals = dict.fromkeys(players, 0.0)
    for order in itertools.permutations(players):
        coalition: set[str] = set()
        for player in order:
            before = worth(coalition)
            coalition.add(player)
            totals[player] += worth(coalition) - before
    expected = {
        p: total / math.factorial(len(players)) for p, total in totals.items()
    }
    assert result["shapley_value"] == pytest.approx(expected, rel=1e-9)
    assert sum(result["shapley_value"].values()) == pytest.approx(
        worth(set(players)), rel=1e-9
    )


def test_noisy_or_channel_never_converting_is_a_null_player() -> None:
    journeys = [
        ({"a": 1}, True),
        ({"a": 2, "z": 3}, False),
        ({"z": 5}, False),
        ({"a": 1}, True),
    ]
    result = shapley.noisy_or_shapley_values(journeys)
    assert result["touch_effect"]["z"] == 0
    assert result["shapley_value"]["z"] == 0
    assert result["channel_weight"]["a"] == 1


def test_noisy_or_model_is_the_default_value_function(paths_connection) -> None:
    fake_dbt = _FakeDbt(paths_connection)
    table = shapley.model(fake_dbt, paths_connection)
    assert table.schema == shapley.OUTPUT_SCHEMA
    rows = table.to_pylist()
    assert {row["value_function"] for row in rows} == {"noisy_or"}
    for conversion_type in ("opportunity_created", "closed_won"):
        weights = [
            row["channel_weight"] for row in rows
            if row["conversion_type"] == conversion_type
        ]
        assert sum(weights) == pytest.approx(1)


def test_shapley_model_refuses_an_unknown_value_function(
    paths_connection,
) -> None:
    fake_dbt = _FakeDbt(paths_connection, shapley_value_function="vibes")
    with pytest.raises(ValueError, match="shapley_value_function is 'vibes'"):
        shapley.model(fake_dbt, paths_connection)


def test_profile_sql_aggregates_like_python(paths_connection) -> None:
    """int_shapley_profile_channel_counts = `aggregate_journeys` (golden).

    Deals (`has_deal` in the fixture): the converting opportunity_created
    journeys, and every closed_won journey (k1 won, k2 and k3 lost).
    """
    rows = paths_connection.table(
        "int_shapley_profile_channel_counts"
    ).fetchall()
    for conversion_type, paths in _journey_paths().items():
        channels = sorted({c for path, _, _ in paths for c in path})
        counts = np.array(
            [[path.count(c) for c in channels] for path, _, _ in paths]
        )
        converted = np.array([is_converted for _, _, is_converted in paths])
        has_deal = converted | (conversion_type == "closed_won")
        profiles, journeys, conversions = shapley.aggregate_journeys(
            counts, converted
        )
        _, _, deals = shapley.aggregate_journeys(counts, has_deal)
        expected = Counter()
        for profile, total, deal_count, converting in zip(
            profiles, journeys, deals, conversions
        ):
            for channel, touches in zip(channels, profile):
                if touches:
                    expected[
                        (channel, touches, total, deal_count, converting)
                    ] += 1
        actual = Counter(
            tuple(row[2:]) for row in rows if row[0] == conversion_type
        )
        assert actual == expected


# Recovery on simulated journeys (ingestion/demo/journeys_sim.py) -----------
#
# The simulator is independent of the model: it plants causes (per-touch
# effects, a baseline, intent, a synergy) and measures each channel's TRUE
# incremental conversions by removing its touches with the same random draws.
# 20,000 accounts (~20,000 touched journeys, 4,000-6,000 conversions) per
# scenario and seed; seeds 1, 2, 3.

SEEDS = (1, 2, 3)
SIMULATED_ACCOUNTS = 20_000


@functools.cache
def _simulated(scenario_name: str, seed: int, baseline: bool = True):
    """Simulated journeys and the noisy-OR Shapley fit on their profiles."""
    journeys = journeys_sim.simulate(
        getattr(journeys_sim, scenario_name), SIMULATED_ACCOUNTS, seed
    )
    fit = shapley.noisy_or_shapley_from_profiles(
        journeys.channels,
        *shapley.aggregate_journeys(journeys.counts, journeys.converted),
        baseline=baseline,
    )
    return journeys, fit


def _ranks(values: list[float]) -> np.ndarray:
    """Ranks 1..n (ties get their average rank)."""
    values_array = np.asarray(values, dtype=float)
    ranks = np.empty(len(values_array))
    ranks[values_array.argsort(kind="stable")] = np.arange(1, len(values) + 1)
    for value in np.unique(values_array):
        ranks[values_array == value] = ranks[values_array == value].mean()
    return ranks


def _spearman(truth: dict[str, float], credit: dict[str, float]) -> float:
    channels = sorted(truth)
    return float(
        np.corrcoef(
            _ranks([truth[c] for c in channels]),
            _ranks([credit[c] for c in channels]),
        )[0, 1]
    )


def test_spearman_helper_by_hand() -> None:
    """1 - 6 sum d^2 / (n (n^2 - 1)): one adjacent swap of 6 -> 1 - 12/210."""
    truth = dict(zip("abcdef", [6, 5, 4, 3, 2, 1]))
    swapped = dict(zip("abcdef", [5, 6, 4, 3, 2, 1]))
    assert _spearman(truth, truth) == pytest.approx(1)
    assert _spearman(truth, swapped) == pytest.approx(1 - 12 / 210)


def test_simulator_truth_by_hand() -> None:
    """Counterfactual truth of the simulator on a one-channel world.

    effect 1 and 1 touch per account (Poisson(50) touches, so every account
    is touched): every account converts and only through that channel, so
    removing it loses them all; with baseline 1 nothing is lost.
    """
    channel = journeys_sim.Channel("a", effect=1.0, mean_touches=50)
    only_touches = journeys_sim.simulate(
        journeys_sim.Scenario(channels=(channel,)), 200, seed=0
    )
    assert only_touches.truth["incremental_conversions"] == {"a": 200}
    assert only_touches.truth["baseline_share"] == 0
    anyway = journeys_sim.simulate(
        journeys_sim.Scenario(channels=(channel,), baseline=1.0), 200, seed=0
    )
    assert anyway.truth["incremental_conversions"] == {"a": 0}
    assert anyway.truth["baseline_share"] == 1


def _top(values: dict[str, float]) -> str:
    return max(values, key=values.__getitem__)


def _misallocated(truth: dict[str, float], credit: dict[str, float]) -> float:
    """Share of the channels' credit sitting on the wrong channel.

    Half the sum of |credit - truth| over channels, divided by the truth's
    total (the total variation distance when the totals agree).
    """
    error = sum(abs(credit[channel] - truth[channel]) for channel in truth)
    return 0.5 * error / sum(truth.values())


def test_misallocated_helper_by_hand() -> None:
    """10 of 100 conversions moved from a to b: 0.5 x (10 + 10) / 100."""
    assert _misallocated({"a": 60, "b": 40}, {"a": 50, "b": 50}) == 0.1


# Tolerances shared by the recovery tests, against two truths from the
# simulator's counterfactuals:
# * ranks against `incremental_conversions` (conversions lost without the
#   channel): top channel identical, Spearman >= 0.8 over the 6 channels
#   (one swap of neighbours gives 0.94, two 0.89, one swap two places apart
#   0.77; close channels differ by less than the sampling noise);
# * amounts against `shapley_conversions` (the exact Shapley value of the
#   simulated causes: what the model's values estimate; the incremental
#   conversions do not sum to the conversions): at most 10 % of the
#   channels' credit misallocated (the sampling noise of a 20,000-account
#   fit is ~3-6 %).
MIN_SPEARMAN = 0.8
MAX_MISALLOCATED = 0.10


@pytest.mark.parametrize("seed", SEEDS)
def test_recovery_under_baseline_demand(seed: int) -> None:
    """10 % of accounts convert whatever their touches (~35 % of conversions).

    Shared tolerances above, and the fitted baseline share of conversions
    (baseline_conversions / conversions) within 0.05 of the planted share
    (the conversions that survive removing every touch; sampling noise
    ~0.01). Fails on the game without baseline (the code before issue 10,
    `baseline=False`): Spearman 0.54-0.83, 27 % of the credit misallocated,
    baseline share 0 (measured on seeds 1-3; with the baseline: Spearman 1,
    2-4 % misallocated, baseline share within 0.016).
    """
    journeys, fit = _simulated("BASELINE_DEMAND", seed)
    truth = journeys.truth
    assert _top(fit["shapley_value"]) == _top(truth["incremental_conversions"])
    assert _spearman(
        truth["incremental_conversions"], fit["shapley_value"]
    ) >= MIN_SPEARMAN
    assert _misallocated(
        truth["shapley_conversions"], fit["shapley_value"]
    ) <= MAX_MISALLOCATED
    fitted_share = fit["baseline_conversions"] / truth["conversions"]
    assert fitted_share == pytest.approx(truth["baseline_share"], abs=0.05)


@pytest.mark.parametrize("seed", SEEDS)
def test_ubiquitous_low_effect_channels_not_over_credited(seed: int) -> None:
    """Organic search and direct are on most journeys but convert little.

    Under baseline demand their credit must stay below 2 x their true
    incremental conversions plus 1 % of all conversions (slack for direct,
    whose truth is a few dozen conversions). Fails on the game without
    baseline: organic search gets 5-6x, direct 18-27x their truth (seeds
    1-3; with the baseline 0.4-1.4x and 0-2.5x).
    """
    journeys, fit = _simulated("BASELINE_DEMAND", seed)
    truth = journeys.truth
    for channel in ("organic_search", "direct"):
        bound = (
            2 * truth["incremental_conversions"][channel]
            + 0.01 * truth["conversions"]
        )
        assert fit["shapley_value"][channel] <= bound, channel


def test_game_without_baseline_over_credits_ubiquitous_channels() -> None:
    """Documents the diagnosis of issue 10 (b fixed at 0), seed 1."""
    journeys, fit = _simulated("BASELINE_DEMAND", 1, baseline=False)
    truth = journeys.truth["incremental_conversions"]
    assert fit["baseline_conversions"] == 0
    assert fit["shapley_value"]["organic_search"] > 4 * truth["organic_search"]
    assert _spearman(truth, fit["shapley_value"]) < MIN_SPEARMAN


@pytest.mark.parametrize("seed", SEEDS)
def test_recovery_without_planted_baseline(seed: int) -> None:
    """Pure noisy-OR (the demo's process): shared tolerances, and a fitted
    baseline share of conversions <= 0.03 (truth 0; the baseline and many
    weak touches are hard to tell apart, so the fit finds 0-1.5 %).
    """
    journeys, fit = _simulated("PURE_NOISY_OR", seed)
    truth = journeys.truth
    assert fit["baseline_conversions"] / truth["conversions"] <= 0.03
    assert _top(fit["shapley_value"]) == _top(truth["incremental_conversions"])
    assert _spearman(
        truth["incremental_conversions"], fit["shapley_value"]
    ) >= MIN_SPEARMAN
    assert _misallocated(
        truth["shapley_conversions"], fit["shapley_value"]
    ) <= MAX_MISALLOCATED


@pytest.mark.parametrize("seed", SEEDS)
def test_recovery_under_two_channel_synergy(seed: int) -> None:
    """LinkedIn x paid search convert 15 % of the accounts both reach.

    The noisy-OR has no interaction term; the fit spreads the synergy over
    the two channels' touch effects. Shared tolerances, except the top
    channel: removing paid search loses its own conversions AND every
    synergy conversion (which removing LinkedIn loses too), so by
    incremental conversions paid search is first; the Shapley truth splits
    each synergy conversion between the pair and puts events first. An
    efficient attribution (credits summing to the conversions) can only
    match the latter, so the top channel is checked against it.
    """
    journeys, fit = _simulated("CHANNEL_SYNERGY", seed)
    truth = journeys.truth
    assert _top(fit["shapley_value"]) == _top(truth["shapley_conversions"])
    assert _spearman(
        truth["incremental_conversions"], fit["shapley_value"]
    ) >= MIN_SPEARMAN
    assert _misallocated(
        truth["shapley_conversions"], fit["shapley_value"]
    ) <= MAX_MISALLOCATED
    assert fit["baseline_conversions"] / truth["conversions"] <= 0.03


@pytest.mark.parametrize("seed", SEEDS)
def test_recovery_under_intent_confounding_what_holds(seed: int) -> None:
    """In-market accounts visit more via direct/organic AND buy anyway more.

    What still holds: top channel identical, Spearman >= 0.6 (weaker than
    the shared 0.8: the two intent proxies climb one to three places), and
    every channel whose touches do not depend on intent (events, partners,
    paid search, LinkedIn) within 20 % of its Shapley truth.
    """
    journeys, fit = _simulated("INTENT_CONFOUNDING", seed)
    truth = journeys.truth
    assert _top(fit["shapley_value"]) == _top(truth["incremental_conversions"])
    assert _spearman(truth["incremental_conversions"], fit["shapley_value"]) >= 0.6
    for channel in ("events", "partners", "paid_search", "linkedin"):
        assert fit["shapley_value"][channel] == pytest.approx(
            truth["shapley_conversions"][channel], rel=0.2
        ), channel


@pytest.mark.xfail(
    strict=True,
    reason="limit: a fit on journeys alone cannot tell intent from effect",
)
@pytest.mark.parametrize("seed", SEEDS)
def test_recovery_under_intent_confounding_proxies(seed: int) -> None:
    """Shared amount tolerance and baseline share within 0.05 (xfail).

    Expected to fail (strict, so a fix shows up): one baseline rate for all
    accounts cannot absorb an intent that also drives visits: organic search
    gets 2-4x and direct 8-12x their incremental conversions, 12-14 % of the
    credit is misallocated (18-20 % without the baseline) and the baseline
    share is found at 0.08-0.13 instead of 0.26-0.28 (seeds 1-3).
    README, "Limits".
    """
    journeys, fit = _simulated("INTENT_CONFOUNDING", seed)
    truth = journeys.truth
    fitted_share = fit["baseline_conversions"] / truth["conversions"]
    assert fitted_share == pytest.approx(truth["baseline_share"], abs=0.05)
    assert _misallocated(
        truth["shapley_conversions"], fit["shapley_value"]
    ) <= MAX_MISALLOCATED


# Two-stage closed-won game (issue 10) ---------------------------------------
#
# P(won | S) = P(deal | S) x P(won | deal, S): the opportunity game's fitted
# noisy-OR (deal vs no deal, baseline b) times a win-stage noisy-OR with its
# own baseline b_win, fitted on deals only (won vs lost). v(S) = sum over
# journeys of P(won | S_j) - b b_win, b b_win = P(won | no touch).


def test_two_stage_worths_match_the_product_by_hand() -> None:
    """v(S) of two stages = sum_j w_j (P_deal(S_j) P_win(S_j) - b b_win).

    Two channels, one profile of 3 journeys with one touch of each:
    b = 1/4, p = (1/2, 0); b_win = 1/5, q = (0, 1/2). P_deal: {} 1/4,
    {a} and {a, b} 1 - 3/4 x 1/2 = 5/8, {b} 1/4; P_win: {} and {a} 1/5,
    {b} and {a, b} 1 - 4/5 x 1/2 = 3/5. v = 3 x (P_deal P_win - 1/20):
    {} 0, {a} 3 x (1/8 - 1/20) = 9/40, {b} 3 x (3/20 - 1/20) = 3/10,
    {a, b} 3 x (3/8 - 1/20) = 39/40.
    """
    worths = shapley.staged_coalition_worths(
        np.array([[1.0, 1.0]]),
        [(np.array([0.5, 0.0]), 0.25), (np.array([0.0, 0.5]), 0.2)],
        np.array([3.0]),
    )
    assert worths == pytest.approx([0, 9 / 40, 3 / 10, 39 / 40], abs=TOLERANCE)


def test_constant_win_stage_makes_closed_won_proportional_to_deals() -> None:
    """Derivation: a win rate independent of channel changes no share.

    If the win stage has no channel effect (q_c = 0), P_win(S) = b_win for
    every S, so v_won(S) = sum_j (P_deal(S_j) b_win - b b_win) = b_win
    v_deal(S), where v_deal is the opportunity game summed over the same
    journeys. Shapley values are linear in v, so phi_won = b_win phi_deal
    and the channel weights are the opportunity game's. Exact (1e-9) on 40
    random profiles of 5 channels.
    """
    rng = np.random.default_rng(4)
    counts = rng.poisson(1.0, size=(40, 5)).astype(float)
    journeys = rng.integers(1, 20, size=40).astype(float)
    deal_stage = (np.array([0.3, 0.1, 0.05, 0.01, 0.2]), 0.04)
    deal_worths = shapley.staged_coalition_worths(
        counts, [deal_stage], journeys
    )
    won_worths = shapley.staged_coalition_worths(
        counts, [deal_stage, (np.zeros(5), 0.3)], journeys
    )
    assert won_worths == pytest.approx(0.3 * deal_worths, rel=1e-9)
    assert shapley.shapley_from_worths(won_worths, 5) == pytest.approx(
        0.3 * shapley.shapley_from_worths(deal_worths, 5), rel=1e-9
    )


def test_two_stage_shapley_matches_brute_force_permutations() -> None:
    """The fitted two-stage game, valued over every arrival order."""
    rng = np.random.default_rng(9)
    counts = rng.poisson(0.8, size=(300, 4)).astype(float)
    counts = counts[counts.sum(axis=1) > 0]
    deal = rng.random(counts.shape[0]) < 1 - 0.8 ** counts.sum(axis=1)
    won = deal & (rng.random(counts.shape[0]) < 0.2 + 0.2 * (counts[:, 0] > 0))
    profiles, journeys, deals = shapley.aggregate_journeys(counts, deal)
    _, _, wins = shapley.aggregate_journeys(counts, won)
    deal_stage = shapley.fit_noisy_or(profiles, journeys, deals)
    result = shapley.two_stage_shapley_from_profiles(
        list("abcd"), profiles, journeys, deals, wins, deal_stage
    )
    win_effects = np.array([result["win_touch_effect"][c] for c in "abcd"])
    win_rate = result["win_baseline_rate"]
    (deal_effects, deal_rate) = deal_stage
    anyway = deal_rate * win_rate
    assert result["baseline_conversions"] == pytest.approx(
        anyway * journeys.sum(), rel=1e-12
    )

    def worth(coalition: tuple[int, ...]) -> float:
        kept = np.zeros(4)
        kept[list(coalition)] = 1
        p_deal = 1 - (1 - deal_rate) * np.prod(
            (1 - deal_effects) ** (profiles * kept), axis=1
        )
        p_win = 1 - (1 - win_rate) * np.prod(
            (1 - win_effects) ** (profiles * kept), axis=1
        )
        return float(journeys @ (p_deal * p_win - anyway))

    totals = np.zeros(4)
    for order in itertools.permutations(range(4)):
        for position, player in enumerate(order):
            totals[player] += worth(order[: position + 1]) - worth(
                order[:position]
            )
    expected = dict(zip("abcd", totals / math.factorial(4)))
    assert result["shapley_value"] == pytest.approx(expected, rel=1e-9)


@functools.cache
def _closed_won_fits(scenario_name: str, seed: int) -> tuple:
    """Simulated deals and wins, with the opportunity game, the one-stage
    closed-won game (the code before the two-stage game) and the two-stage
    one, all fitted on the same aggregated profiles."""
    journeys = journeys_sim.simulate(
        getattr(journeys_sim, scenario_name), SIMULATED_ACCOUNTS, seed
    )
    profiles, total, deals = shapley.aggregate_journeys(
        journeys.counts, journeys.converted
    )
    _, _, won = shapley.aggregate_journeys(journeys.counts, journeys.won)
    channels = journeys.channels
    deal_game = shapley.noisy_or_shapley_from_profiles(
        channels, profiles, total, deals
    )
    one_stage = shapley.noisy_or_shapley_from_profiles(
        channels, profiles, total, won
    )
    deal_stage = (
        np.array([deal_game["touch_effect"][c] for c in channels]),
        deal_game["baseline_rate"],
    )
    two_stage = shapley.two_stage_shapley_from_profiles(
        channels, profiles, total, deals, won, deal_stage
    )
    return journeys, deal_game, one_stage, two_stage


# Measured on seeds 1-3 (20,000 accounts, ~9,500 deals, ~2,900 won):
# two-stage 0.9-2.7 % of the weight away from the opportunity game's, and
# 3.9-7.1 % of the credit misallocated against the closed-won Shapley truth;
# the one-stage game 7.0-8.0 % and 10.5-12.3 %.
MAX_WEIGHT_GAP = 0.04


@pytest.mark.parametrize("seed", SEEDS)
def test_closed_won_with_channel_independent_win_rate(seed: int) -> None:
    """Win rate independent of channel: closed-won weights = opportunity's.

    Derivation in `test_constant_win_stage_makes_closed_won_proportional_
    to_deals`; on fitted data the win stage picks up small noise effects
    (q_c <= 0.007 per touch), so the tolerances are: at most
    `MAX_WEIGHT_GAP` (4 %) of the weight moved from the opportunity game's
    (half the sum of |weight gaps|), at most `MAX_MISALLOCATED` (10 %) of the
    credit misallocated against the simulator's closed-won Shapley truth,
    fitted win baseline within 0.03 of the planted 0.30 (found 0.286-0.295)
    and at most 6 % of the won deals credited to the baseline (truth 0:
    every deal needs a touch; found 0-4 %). Fails on the one-stage game of
    won vs lost and no-deal journeys (the code before): 7-8 % of the weight
    moved, 10.5-12.3 % misallocated, 12-22 % of won deals on a baseline
    that does not exist.
    """
    journeys, deal_game, _, fit = _closed_won_fits(
        "WIN_RATE_INDEPENDENT_OF_CHANNEL", seed
    )
    truth = journeys.truth
    assert _misallocated(
        deal_game["channel_weight"], fit["channel_weight"]
    ) <= MAX_WEIGHT_GAP
    assert _misallocated(
        truth["closed_won_shapley_conversions"], fit["shapley_value"]
    ) <= MAX_MISALLOCATED
    assert fit["win_baseline_rate"] == pytest.approx(0.30, abs=0.03)
    assert fit["baseline_conversions"] <= 0.06 * truth["closed_won"]


def test_one_stage_closed_won_game_flattens_channel_effects() -> None:
    """Documents the diagnosis (the one-stage game, seed 1): a noisy-OR of
    won vs everything else cannot saturate at the win rate, so it invents a
    baseline and moves weight away from the opportunity game's."""
    journeys, deal_game, fit, _ = _closed_won_fits(
        "WIN_RATE_INDEPENDENT_OF_CHANNEL", 1
    )
    assert _misallocated(
        deal_game["channel_weight"], fit["channel_weight"]
    ) > MAX_WEIGHT_GAP
    assert _misallocated(
        journeys.truth["closed_won_shapley_conversions"], fit["shapley_value"]
    ) > MAX_MISALLOCATED
    assert fit["baseline_conversions"] > 0.1 * journeys.truth["closed_won"]


@pytest.mark.parametrize("seed", SEEDS)
def test_channel_raising_the_win_rate_gets_more_closed_won_credit(
    seed: int,
) -> None:
    """Events touches also win deals (per touch 0.3, win baseline 0.2).

    Events' closed-won weight exceeds its opportunity weight by at least
    0.15 and is within 0.05 of its share of the closed-won Shapley truth
    (measured 0.64-0.67 vs 0.40-0.43, truth 0.66-0.67), the win stage finds
    events' planted win effect within 0.05 and the win baseline within
    0.05 (0.30-0.31 and 0.16-0.19), and at most `MAX_MISALLOCATED` of the
    credit is misallocated against the closed-won Shapley truth (1-5 %;
    the one-stage game 6-8 %).
    """
    journeys, deal_game, _, fit = _closed_won_fits(
        "EVENTS_RAISE_WIN_RATE", seed
    )
    events = "events"
    assert fit["channel_weight"][events] >= (
        deal_game["channel_weight"][events] + 0.15
    )
    truth = journeys.truth["closed_won_shapley_conversions"]
    assert fit["channel_weight"][events] == pytest.approx(
        truth[events] / sum(truth.values()), abs=0.05
    )
    assert fit["win_touch_effect"][events] == pytest.approx(0.30, abs=0.05)
    assert fit["win_baseline_rate"] == pytest.approx(0.20, abs=0.05)
    assert _misallocated(
        journeys.truth["closed_won_shapley_conversions"], fit["shapley_value"]
    ) <= MAX_MISALLOCATED


def test_closed_won_plays_two_stages_by_default(paths_connection) -> None:
    """Golden paths: closed_won gets a win stage (its deals k1 won, k2 and
    k3 lost), opportunity_created does not; `one_stage` turns it off."""
    rows = shapley.model(_FakeDbt(paths_connection), paths_connection)
    by_type = {
        (row["conversion_type"], row["channel"]): row for row in rows.to_pylist()
    }
    closed_won = by_type[("closed_won", "email")]
    assert closed_won["win_baseline_rate"] is not None
    assert by_type[("opportunity_created", "email")]["win_baseline_rate"] is None
    # The deal stage is the opportunity game's fit.
    assert closed_won["touch_effect"] == pytest.approx(
        by_type[("opportunity_created", "email")]["touch_effect"], abs=1e-12
    )
    one_stage = shapley.model(
        _FakeDbt(paths_connection, shapley_closed_won_game="one_stage"),
        paths_connection,
    )
    assert {row["win_baseline_rate"] for row in one_stage.to_pylist()} == {None}
    with pytest.raises(ValueError, match="shapley_closed_won_game is 'x'"):
        shapley.model(
            _FakeDbt(paths_connection, shapley_closed_won_game="x"),
            paths_connection,
        )


@pytest.mark.parametrize(
    "scenario", ["BASELINE_DEMAND", "INTENT_CONFOUNDING", "CHANNEL_SYNERGY"]
)
def test_accelerated_em_reaches_the_plain_em_maximum(scenario: str) -> None:
    """SQUAREM only speeds the fit up: plain EM steps with the fit's former
    stopping rule (no parameter moves by EM_TOLERANCE, at most
    EM_MAX_ITERATIONS steps) reach the same effects and baseline (1e-6) and
    no higher likelihood (1e-6)."""
    journeys = journeys_sim.simulate(
        getattr(journeys_sim, scenario), n_accounts=20_000, seed=11
    )
    profiles, counts, conversions = shapley.aggregate_journeys(
        journeys.counts, journeys.converted
    )
    effects, rate = shapley.fit_noisy_or(profiles, counts, conversions)
    converting = conversions > 0
    problem = (
        profiles, counts, conversions, counts @ profiles,
        profiles[converting], conversions[converting],
    )
    plain = np.append(
        np.where(conversions[converting] @ profiles[converting] > 0, 0.05, 0.0),
        0.05,
    )
    for _ in range(shapley.EM_MAX_ITERATIONS):
        step = shapley._em_step(plain, problem)
        moved = np.max(np.abs(step - plain))
        plain = step
        if moved < shapley.EM_TOLERANCE:
            break
    accelerated = np.append(effects, rate)
    assert accelerated == pytest.approx(plain, abs=1e-6)
    assert shapley._log_likelihood(accelerated, problem) >= (
        shapley._log_likelihood(plain, problem) - 1e-6
    )
