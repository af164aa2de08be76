"""The Spark SQL of the cross_db macros added for the last ported files, next to DuckDB's.

Run with pyspark and duckdb installed (``pip install -e .[spark]``), Java 17:
``TZ=UTC python tests/tools/spark_cross_db_probe.py``. Each pair runs the
spark__ implementation's SQL on a local Spark session and the duckdb__
implementation's SQL on DuckDB over the same rows, and prints SAME or DIFF
(min_by_non_null, min_by_or_null over a row ordering, sorted_array_agg,
interval_minutes, calendar_diff('second') / a double, text_ends_with,
star_except beside the replaced columns, with_optional_columns) and the
sessions pre-hook's shape with lateral_unnest.
"""
import datetime

import duckdb
from pyspark.sql import SparkSession

spark = (SparkSession.builder.master("local[1]").appName("probe3")
         .config("spark.driver.memory", "1g").config("spark.ui.enabled", "false")
         .config("spark.sql.session.timeZone", "UTC")
         .config("spark.sql.ansi.enabled", "false")
         .config("spark.sql.shuffle.partitions", "1").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
print("spark", spark.version)
d = duckdb.connect()
d.execute("set TimeZone = 'UTC'")


def cell(c):
    """A result cell comparable across engines (naive UTC timestamps)."""
    if isinstance(c, datetime.datetime):
        return c.replace(tzinfo=None).isoformat()
    if isinstance(c, (list, tuple)):
        return [cell(x) for x in c]
    if c is None or isinstance(c, (int, float, bool)):
        return c
    return str(c)


views = {
 "v": "select * from values (1, null, 1), (1, 'a', 2), (2, null, 1), (3, 'b', 1), (3, 'c', 2), (4, 'z', 1), (4, null, 2) as v(g, x, t)",
 "l": "select * from values (1, 'B', 'p', 1), (1, 'a', 'q', 1), (1, 'Z', 'r', 1), (1, 'é', 's', 1), (1, 'aa', 't', 2), (2, 'x', null, 1), (2, 'y', 'u', 2) as l(g, k, x, o)",
}
for name, sql in views.items():
    spark.sql(f"create or replace temp view {name} as {sql}")
    d.execute(f"create view {name} as {sql.replace(' as v(', ' v(').replace(' as l(', ' l(')}")

pairs = [
 ("min_by_non_null",
  "select g, min_by(x, t) filter (where x is not null) as m from v group by 1 order by 1",
  "select g, min_by(x, t) as m from v group by 1 order by 1"),
 ("min_by_or_null struct",
  "select g, min_by(x, (o, k)) as m from l group by 1 order by 1",
  "select g, arg_min_null(x, (o, k)) as m from l group by 1 order by 1"),
 ("sorted_array_agg",
  "select g, array_sort(collect_list(k)) as a from l group by 1 order by 1",
  "select g, list(k order by k) as a from l group by 1 order by 1"),
 ("interval_minutes",
  "select s, timestamp'2025-01-01 10:30:00' + make_dt_interval(0, 0, s) as t_plus, (timestamp'2025-01-01 10:00:00' + make_dt_interval(0, 0, s)) - timestamp'2025-01-01 10:00:00' > make_dt_interval(0, 0, cast(30 as bigint)) as gt from values (29), (30), (31) as x(s) order by 1",
  "select s, timestamptz'2025-01-01 10:30:00+00' + to_minutes(s) as t_plus, (timestamptz'2025-01-01 10:00:00+00' + to_minutes(s)) - timestamptz'2025-01-01 10:00:00+00' > to_minutes(cast(30 as bigint)) as gt from (values (29), (30), (31)) x(s) order by 1"),
 ("interval_minutes seconds edge",
  "select (timestamp'2025-01-01 10:30:00.000001' - timestamp'2025-01-01 10:00:00') > make_dt_interval(0, 0, cast(30 as bigint)) as a, (timestamp'2025-01-01 10:30:00' - timestamp'2025-01-01 10:00:00') > make_dt_interval(0, 0, cast(30 as bigint)) as b",
  "select (timestamptz'2025-01-01 10:30:00.000001+00' - timestamptz'2025-01-01 10:00:00+00') > to_minutes(cast(30 as bigint)) as a, (timestamptz'2025-01-01 10:30:00+00' - timestamptz'2025-01-01 10:00:00+00') > to_minutes(cast(30 as bigint)) as b"),
 ("calendar_diff second / double",
  "select (unix_seconds(e) - unix_seconds(s)) / cast(86400 as double) as d, typeof((unix_seconds(e) - unix_seconds(s)) / cast(86400 as double)) as ty from values (timestamp'2025-01-01 00:00:00.9', timestamp'2025-01-01 00:00:01.1'), (timestamp'2025-01-03 12:00:00.5', timestamp'2025-01-01 00:00:00'), (timestamp'2024-12-01 08:17:33', timestamp'2025-02-28 23:59:59.999') as x(s, e) order by 1",
  "select date_diff('second', s, e) / cast(86400 as double) as d, 'double' as ty from (values (timestamptz'2025-01-01 00:00:00.9+00', timestamptz'2025-01-01 00:00:01.1+00'), (timestamptz'2025-01-03 12:00:00.5+00', timestamptz'2025-01-01 00:00:00+00'), (timestamptz'2024-12-01 08:17:33+00', timestamptz'2025-02-28 23:59:59.999+00')) x(s, e) order by 1"),
 ("text_ends_with",
  "select h, h = 'facturo.fr' or endswith(h, '.facturo.fr') as site from values ('facturo.fr'), ('app.facturo.fr'), ('notfacturo.fr'), (cast(null as string)) as x(h) order by 1 nulls last",
  "select h, h = 'facturo.fr' or ends_with(h, '.facturo.fr') as site from (values ('facturo.fr'), ('app.facturo.fr'), ('notfacturo.fr'), (null)) x(h) order by 1 nulls last"),
 ("star except + same names",
  "select * except (x, o), upper(x) as x, o + 1 as o from l order by g, k",
  "select * exclude (x, o), upper(x) as x, o + 1 as o from l order by g, k"),
 ("with_optional_columns",
  "select *, cast(null as string) as hs_call_direction from v order by g, t",
  "select * from v union all by name select cast(null as varchar) as hs_call_direction where false order by g, t"),
]
ok = True
for name, s_sql, d_sql in pairs:
    try:
        srows = [tuple(r) for r in spark.sql(s_sql).collect()]
    except Exception as exc:  # noqa: BLE001
        srows = f"ERROR {str(exc).splitlines()[0][:300]}"
    drows = d.sql(d_sql).fetchall()
    norm = lambda rows: [tuple(cell(c) for c in r) for r in rows] if isinstance(rows, list) else rows
    same = norm(srows) == norm(drows)
    ok &= same
    print(("SAME " if same else "DIFF ") + name)
    if not same:
        print("  spark :", srows)
        print("  duckdb:", drows)

# the sessions pre-hook's subquery shape (lateral view inside an IN subquery with a CTE)
spark.sql("create or replace temp view sessions as select * from values ('d1', array('e1', 'e2'), timestamp'2025-01-01'), ('d2', array('e3'), timestamp'2025-01-01'), ('d3', array('e4'), timestamp'2025-01-01') as s(anonymous_id, event_ids, _last_loaded_at)")
spark.sql("create or replace temp view events as select * from values ('e2', 'd9', timestamp'2025-01-02'), ('e5', 'd3', timestamp'2025-01-02'), ('e3', 'd2', timestamp'2024-12-01') as e(event_id, anonymous_id, _loaded_at)")
try:
    rows = spark.sql("""
    select anonymous_id from sessions
    where anonymous_id in (
        with new_events as (
            select event_id, anonymous_id
            from events
            where _loaded_at > (
                select max(_last_loaded_at) from sessions
            )
        )
        select anonymous_id from new_events
        union
        select kept.anonymous_id
        from sessions as kept lateral view explode(kept.event_ids) e as event_id
        where e.event_id in (select event_id from new_events)
    ) order by 1""").collect()
    print("lateral_unnest in pre-hook shape:", [r[0] for r in rows], "(expected ['d1', 'd3'])")
except Exception as exc:  # noqa: BLE001
    ok = False
    print("lateral_unnest ERROR", str(exc).splitlines()[0][:300])
print("ALL SAME" if ok else "SOME DIFFER")
