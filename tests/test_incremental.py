"""An incremental run gives the same warehouse as a full build.

The hand company is built, then a late export (tests/fixtures/incremental,
whose README lists the cases: a late event inside an existing session, a new
device, an event before a landing, an event re-sent under another device,
consent withdrawn) is loaded. The warehouse file is copied: one copy is
built incrementally, the other with ``--full-refresh``. Every relation of
the staging, intermediate and marts schemas must hold the same rows
(doubles compared to 9 decimals: the order rows are summed in may differ).
A second incremental run with nothing new must change nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ingestion.pipelines import load_all
from tests.conftest import FIXTURES, dbt

pytestmark = pytest.mark.slow

SITE = "{site_hosts: [atelier-compta.fr]}"
MODELS_ONLY = ["build", "--exclude-resource-type", "test", "unit_test"]
SCHEMAS = ("staging", "intermediate", "marts")


def _differences(left: Path, right: Path) -> dict[str, tuple[int, int]]:
    """Rows only in left / only in right, per relation (empty when equal)."""
    found: dict[str, tuple[int, int]] = {}
    with duckdb.connect() as connection:
        connection.execute(f"attach '{left}' as l (read_only)")
        connection.execute(f"attach '{right}' as r (read_only)")
        relations = connection.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = 'l' and table_schema in "
            f"{SCHEMAS} order by 1, 2"
        ).fetchall()
        for schema, name in relations:
            columns = connection.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_catalog = 'l' and table_schema = ? "
                "and table_name = ? order by ordinal_position",
                [schema, name],
            ).fetchall()
            select = ", ".join(
                f'round("{c}", 9)' if t in ("DOUBLE", "FLOAT") else f'"{c}"'
                for c, t in columns
            )
            counts = []
            for a, b in (("l", "r"), ("r", "l")):
                counts.append(connection.execute(
                    f'select count(*) from (select {select} from {a}."{schema}".'
                    f'"{name}" except all select {select} from {b}."{schema}".'
                    f'"{name}")'
                ).fetchone()[0])
            if any(counts):
                found[f"{schema}.{name}"] = (counts[0], counts[1])
    return found


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("incremental")
    exports = root / "exports"
    shutil.copytree(FIXTURES / "company_hand", exports)
    incremental = root / "incremental.duckdb"
    load_all(exports, incremental)
    assert dbt(incremental, root / "target", *MODELS_ONLY, "--vars", SITE)
    before_late = root / "before_late.duckdb"
    shutil.copy(incremental, before_late)
    shutil.copy(
        FIXTURES / "incremental" / "site_events_2025_late.ndjson",
        exports / "web" / "site_events_2025_late.ndjson",
    )
    load_all(exports, incremental, ["web"])
    full = root / "full.duckdb"
    shutil.copy(incremental, full)
    assert dbt(incremental, root / "target", *MODELS_ONLY, "--vars", SITE)
    assert dbt(
        full, root / "target", *MODELS_ONLY, "--full-refresh", "--vars", SITE
    )
    return {
        "incremental": incremental,
        "full": full,
        "before_late": before_late,
        "root": root,
    }


def test_incremental_run_equals_full_refresh(builds: dict[str, Path]) -> None:
    assert _differences(builds["incremental"], builds["full"]) == {}


def test_the_late_file_changed_the_sessions(builds: dict[str, Path]) -> None:
    """The comparison is not vacuous: the late events reached the sessions."""
    with duckdb.connect(str(builds["incremental"]), read_only=True) as connection:
        sessions = dict(connection.execute(
            "select anonymous_id, list(events order by session_started_at) "
            "from intermediate.int_web_sessions "
            "where anonymous_id in "
            "('a-99', 'a-10', 'a-03', 'a-77', 'a-01', 'a-05', 'a-02') "
            "group by 1"
        ).fetchall())
    assert sessions == {
        "a-99": [2, 1],  # w-9901 + w-9903: one session, not split; w-9904
        "a-02": [1, 1, 2, 1],  # w-0205, a session of its own on 02-09
        "a-10": [1],
        "a-03": [1, 1, 2],  # w-0300 (direct), w-0301, w-0302 + w-0303
        "a-77": [1],
        "a-01": [1, 1],  # w-0101; w-0103 (the form) without w-0102
        "a-05": [2],  # w-0501 withdrawn: w-0502 + w-0503 only
    }


def _credits(path: Path, conversion_id: str, model: str) -> dict[str, float]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return {
            channel: float(weight)
            for channel, weight in connection.execute(
                "select channel, sum(credit_weight) "
                "from marts.fct_attribution_credits "
                "where conversion_id = ? and attribution_model = ? "
                "group by 1",
                [conversion_id, model],
            ).fetchall()
        }


@pytest.mark.parametrize(
    ("conversion_id", "model", "before", "after"),
    [
        # w-0205: a late email session of a-02 (p-02) on 02-09, before d-02
        # was created (02-10): a fourth touch in each of d-02's journeys
        (
            "closed_won:d-02", "linear",
            {"organic_social": 1 / 3, "paid_search": 1 / 3,
             "referral_partners": 1 / 3},
            {"organic_social": 1 / 4, "paid_search": 1 / 4,
             "referral_partners": 1 / 4, "email": 1 / 4},
        ),
        (
            "invoiced_revenue:F-HC-0002", "last_touch",
            {"organic_social": 0.0, "paid_search": 0.0,
             "referral_partners": 1.0},
            {"organic_social": 0.0, "paid_search": 0.0,
             "referral_partners": 0.0, "email": 1.0},
        ),
        # w-9904: a-99 submits p-06's form on 07-02, after d-06 was created
        # (06-05): the device is p-06's now, and its direct session of
        # 04-20 joins d-06's journey before the paid-search one of 05-20
        (
            "opportunity_created:d-06", "linear",
            {"paid_search": 1.0},
            {"direct": 0.5, "paid_search": 0.5},
        ),
        (
            "opportunity_created:d-06", "first_touch",
            {"paid_search": 1.0},
            {"direct": 1.0, "paid_search": 0.0},
        ),
        # w-0102 re-sent under a-77: p-01's 01-10 session is the form's
        # alone (internal referrer: direct), no longer the newsletter's
        (
            "closed_won:d-01", "linear",
            {"paid_search": 0.5, "email": 0.5},
            {"paid_search": 0.5, "direct": 0.5},
        ),
        # a journey the late file leaves alone: as it was
        (
            "opportunity_created:d-04", "linear",
            {"referral_partners": 1.0},
            {"referral_partners": 1.0},
        ),
    ],
)
def test_the_late_file_changed_the_credits(
    builds: dict[str, Path],
    conversion_id: str,
    model: str,
    before: dict[str, float],
    after: dict[str, float],
) -> None:
    """Credits of the journeys the late file changed, by hand, before/after."""
    assert _credits(builds["before_late"], conversion_id, model) == (
        pytest.approx(before, abs=1e-9)
    )
    assert _credits(builds["incremental"], conversion_id, model) == (
        pytest.approx(after, abs=1e-9)
    )


def test_a_second_incremental_run_changes_nothing(builds: dict[str, Path]) -> None:
    before = builds["root"] / "before.duckdb"
    shutil.copy(builds["incremental"], before)
    assert dbt(
        builds["incremental"], builds["root"] / "target", *MODELS_ONLY,
        "--vars", SITE,
    )
    assert _differences(builds["incremental"], before) == {}
