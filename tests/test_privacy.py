"""Privacy: no raw personal data leaves the raw schemas.

Scans every column of every relation of the staging, intermediate and marts
schemas of the demo warehouse: no column named like a personal attribute
(e-mail, first or last name, phone, IP address), and no text value that looks
like an e-mail address (plain or percent-encoded, e.g. in a landing URL) or a
phone number. Each relation is sampled (``SAMPLE_ROWS`` rows), every column
of it is scanned in one query.
"""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.conftest import Warehouse

pytestmark = pytest.mark.slow

SCHEMAS = ("staging", "intermediate", "marts")
SAMPLE_ROWS = 50_000

# Personal attributes by column name; hashed or reduced forms are allowed.
PERSONAL_COLUMN = re.compile(
    r"(^|_)(e_?mail|first_?name|last_?name|full_?name|phone|mobile(_?phone)?"
    r"|ip|ip_address)($|_)"
)
ALLOWED_COLUMN = re.compile(r"_hash$|_domain$|^is_valid_email$")

EMAIL_SQL = r"(?i)[a-z0-9._%+-]+(@|%40)[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}"
# French numbers (+33 6 12 34 56 78, 06.12.34.56.78, 0612345678) and other
# international numbers written with a + and at least 9 digits.
PHONE_SQL = (
    r"(^|[^0-9a-z])((\+|00)33 ?[1-9]|0[1-9])([ .-]?[0-9]{2}){4}($|[^0-9a-z])"
    r"|(^|[^0-9a-z])\+[1-9][0-9]{0,2}([ .-]?[0-9]{2,4}){3,5}($|[^0-9a-z])"
)


def _relations(
    connection: duckdb.DuckDBPyConnection,
) -> dict[str, list[tuple[str, str]]]:
    rows = connection.execute(
        "select table_schema, table_name, column_name, data_type "
        "from information_schema.columns "
        f"where table_schema in {SCHEMAS} "
        "order by table_schema, table_name, ordinal_position"
    ).fetchall()
    relations: dict[str, list[tuple[str, str]]] = {}
    for schema, table, column, data_type in rows:
        relations.setdefault(f"{schema}.{table}", []).append((column, data_type))
    return relations


def test_no_column_is_named_like_personal_data(demo_warehouse: Warehouse) -> None:
    with duckdb.connect(str(demo_warehouse.db_path)) as connection:
        relations = _relations(connection)
    assert len(relations) > 20, "demo warehouse not built"
    offending = [
        f"{relation}.{column}"
        for relation, columns in relations.items()
        for column, _ in columns
        if PERSONAL_COLUMN.search(column.lower())
        and not ALLOWED_COLUMN.search(column.lower())
    ]
    assert offending == []


def test_no_value_looks_like_an_email_or_phone(demo_warehouse: Warehouse) -> None:
    offending: list[str] = []
    scanned = 0
    with duckdb.connect(str(demo_warehouse.db_path)) as connection:
        for relation, columns in _relations(connection).items():
            text_columns = [c for c, t in columns if t in ("VARCHAR", "JSON")]
            if not text_columns:
                continue
            checks = ", ".join(
                f"count(*) filter (where regexp_matches(\"{c}\", $email)), "
                f"count(*) filter (where regexp_matches(\"{c}\", $phone))"
                for c in text_columns
            )
            counts = connection.execute(
                f"select {checks} from "
                f"(select * from {relation} limit {SAMPLE_ROWS})",
                {"email": EMAIL_SQL, "phone": PHONE_SQL},
            ).fetchone()
            assert counts is not None
            scanned += len(text_columns)
            for i, column in enumerate(text_columns):
                emails, phones = counts[2 * i], counts[2 * i + 1]
                if emails or phones:
                    offending.append(
                        f"{relation}.{column}: {emails} e-mail(s), {phones} phone(s)"
                    )
    assert scanned > 100
    assert offending == []


def test_raw_data_does_hold_what_the_scan_looks_for(
    demo_warehouse: Warehouse,
) -> None:
    """The patterns are not vacuous: they find the raw e-mails."""
    with duckdb.connect(str(demo_warehouse.db_path)) as connection:
        raw_emails = connection.execute(
            "select count(*) filter (where regexp_matches(email, $email)) "
            "from raw_crm.contacts",
            {"email": EMAIL_SQL},
        ).fetchone()
    assert raw_emails is not None and raw_emails[0] > 0


def test_events_without_consent_stay_out_of_journeys_only(
    demo_warehouse: Warehouse,
) -> None:
    """Counted in stg_web__events (aggregates), absent from sessions."""
    with duckdb.connect(str(demo_warehouse.db_path)) as connection:
        staged, landing_without_consent = connection.execute(
            "select "
            "(select count(*) from staging.stg_web__events "
            " where not has_consent), "
            "(select count(*) from intermediate.int_web_sessions as sessions "
            " inner join staging.stg_web__events as events "
            " on sessions.landing_event_id = events.event_id "
            " where not events.has_consent)"
        ).fetchone() or (0, 0)
    assert staged > 0
    assert landing_without_consent == 0
