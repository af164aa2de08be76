"""The Spark SQL of the cross_db macros added for the last ported files, next to DuckDB's.

Run with pyspark and duckdb installed (``pip install -e .[spark]``), Java 17:
``TZ=UTC python tests/tools/spark_cross_db_probe.py``. Each pair runs the
spark__ implementation's SQL on a local Spark session and the duckdb__
implementation's SQL on DuckDB over the same rows, and prints SAME or DIFF
(min_by_non_null, min_by_or_null over a row ordering, sorted_array_agg,
interval_minutes, calendar_diff('second') / a double, text_ends_with,
star_except beside the replaced columns, with_optional_columns) and the
sessions pre-hook's shape with lateral_unnest.

Then the macros of the last staging files and the data tests (branch
wip-sql): json_struct_array (parse_associations), unnest_array with a
struct field read as `a['id']`, array_size, array_transform +
array_to_text, row_json_without_keys and the whole quarantine_raw_record
(regex_replace 'gi' / 'g' with groups), url_query_param (regex_extract
'i'), seed_content_text (row_text + ordered_string_agg: engine-specific
text, only run), not_null_columns' unpivot of quoted columns. Last, when
``target_spark/compiled`` holds them (``ATTRIBUTION_TARGET=spark dbt
compile --target-path target_spark -s <tests>``), the self-contained
singular tests of tests/dbt/staging run on Spark: a passing test returns
no row.
"""
import datetime
import json
from pathlib import Path

import duckdb
from pyspark.sql import SparkSession

spark = (SparkSession.builder.master("local[1]").appName("probe3")
         .config("spark.driver.memory", "2g").config("spark.ui.enabled", "false")
         .config("spark.sql.session.timeZone", "UTC")
         .config("spark.sql.ansi.enabled", "false")
         .config("spark.sql.parser.escapedStringLiterals", "true")
         .config("spark.sql.shuffle.partitions", "1").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
print("spark", spark.version)
d = duckdb.connect()
d.execute("set TimeZone = 'UTC'")


def cell(c):
    """A result cell comparable across engines (naive UTC timestamps)."""
    if isinstance(c, datetime.datetime):
        return c.replace(tzinfo=None).isoformat()
    if isinstance(c, dict):
        return [cell(x) for x in c.values()]
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
# --- the last staging macros and the data tests (branch wip-sql) ---
texts = {
 "j": ("x", [
    '{"companies": {"results": [{"id": "7", "type": "contact_to_company"}, {"id": 8}]}}',
    '{"companies": {"results": [{"id": " 9 ", "type": "A_unlabeled", "extra": 1}]}, "deals": {"results": [{"id": "d1"}]}}',
    '{"contacts": {"results": []}}', '{"companies": {"results": null}}',
    '{"companies": {"results": []}}', 'not json', '', 'null', None]),
 "u": ("page_url", [
    'https://facturo.fr/?utm_source=google&utm_medium=cpc',
    'https://facturo.fr/p?x=1&UTM_SOURCE=Bing&utm_source=second',
    'https://facturo.fr/p?a=1&amp;utm_source=news%20letter#utm_source=frag',
    'https://facturo.fr/p?utm_source=&utm_medium=x',
    'https://facturo.fr/p?x=1?utm_source=stray', 'https://facturo.fr/p#?utm_source=no',
    'https://facturo.fr/p?utm_sourcex=1', 'https://facturo.fr/p?utm.source=dot',
    'https://facturo.fr/p?utmxsource=notdot', None]),
}
for name, (column, values) in texts.items():
    spark.createDataFrame([(v,) for v in values], f"{column} string").createOrReplaceTempView(name)
    d.execute(f"create table {name} ({column} varchar)")
    d.executemany(f"insert into {name} values (?)", [(v,) for v in values])

S_ASSOC = lambda k: f"""case when try_parse_json(x) is not null then coalesce(from_json(get_json_object(x, '$.{k}.results'), 'array<struct<id:string,type:string>>'), array()) end"""
D_ASSOC = lambda k: f"""case when json_valid(x) then coalesce(from_json(json_extract(x, '$.{k}.results'), '[{{"id": "varchar", "type": "varchar"}}]'), []) end"""
S_QP = lambda p: f"""substr(nullif(regexp_extract('&' || replace(replace(regexp_extract(page_url, '^[^?#]*\\?([^#]*)', 1), '&amp;', '&'), '?', '&'), '(?i)' || '&{p}(=[^&]*)', 1), ''), 2)"""
D_QP = lambda p: f"""substr(nullif(regexp_extract('&' || replace(replace(regexp_extract(page_url, '^[^?#]*\\?([^#]*)', 1), '&amp;', '&'), '?', '&'), '&{p}(=[^&]*)', 1, 'i'), ''), 2)"""
PERSONAL_KEY = ('(?i)(^|_)(e_?mail|first_?name|last_?name|full_?name|(contact|person)_?name'
                '|phone|(mobile|cell)(_?phone)?|fax|address|street|birth_?(date|day)?|date_of_birth|ip|ip_address)($|_)')
EMAIL = r'[a-z0-9._+-]+(@|%(25)*40)[a-z0-9-]+(\.[a-z0-9-]+)+'
PHONE = (r'(^|[^0-9a-z])(((\+|00)33 ?[1-9]|0[1-9])([ .-]?[0-9]{2}){4}'
         r'|\+[1-9][0-9]{0,2}([ .-]?[0-9]{2,4}){3,5})($|[^0-9a-z])')
S_ROW = f"""to_json(map_filter(from_json(to_json(struct(pc.*), map('ignoreNullFields', 'false')), 'map<string,variant>'), (entry_key, entry_value) -> not regexp_like(entry_key, '{PERSONAL_KEY}')))"""
D_ROW = f"""to_json(map_from_entries(list_filter(map_entries(cast(to_json(pc) as map(varchar, json))), lambda entry: not regexp_matches(entry.key, '{PERSONAL_KEY}'))))"""
S_RAW = f"""regexp_replace(regexp_replace({S_ROW}, '(?i)' || '{EMAIL}', 'redacted'), '{PHONE}', '$1redacted$7')"""
D_RAW = f"""regexp_replace(regexp_replace({D_ROW}, '{EMAIL}', 'redacted', 'gi'), '{PHONE}', '\\1redacted\\7', 'g')"""
PC = ("select 'p-9' as id, 'Claire' as firstname, 'Jeanne' as first_name, 'Claire Martin' as hs_full_name_or_email, "
      "'+33 6 12 34 56 78' as phone_number, '07 98 76 54 32' as mobilephone, "
      "'rappeler au 01.23.45.67.89 ou +44 20 7946 0958, claire.MARTIN@acme.fr ou c%2540acme.fr' as notes, "
      "'x' as ip, 'y' as zip, 'DAF' as jobtitle, 'a\"b' as quoted, {null} as empty_note, 42 as _row_number")
spark.sql("create or replace temp view pc as " + PC.format(null="cast(null as string)"))
d.execute("create view pc as " + PC.format(null="cast(null as varchar)"))

pairs2 = [
 ("json_struct_array (parse_associations)",
  f"select x, {S_ASSOC('companies')} as a, {S_ASSOC('deals')} as b from j order by 1 nulls last",
  f"select x, {D_ASSOC('companies')} as a, {D_ASSOC('deals')} as b from j order by 1 nulls last"),
 ("unnest_array + a['id']",
  f"select x, trim(a['id']) as id, lower(trim(a['type'])) as t from (select x, explode({S_ASSOC('companies')}) as a from j) order by 1, 2",
  f"select x, trim(a['id']) as id, lower(trim(a['type'])) as t from (select x, unnest({D_ASSOC('companies')}) as a from j) order by 1, 2"),
 ("array_size",
  f"select x, coalesce(array_size({S_ASSOC('companies')}) > 0, false) as h, array_size({S_ASSOC('companies')}) as n from j order by 1 nulls last",
  f"select x, coalesce(len({D_ASSOC('companies')}) > 0, false) as h, len({D_ASSOC('companies')}) as n from j order by 1 nulls last"),
 ("array_transform + array_to_text",
  f"select x, array_join(transform({S_ASSOC('companies')}, association -> association['id']), ',') as ids from j order by 1 nulls last",
  f"select x, array_to_string(list_transform({D_ASSOC('companies')}, lambda association: association['id']), ',') as ids from j order by 1 nulls last"),
 ("array_to_text skips nulls",
  "select array_join(array('a', null, 'b'), ',') as t",
  "select array_to_string(['a', null, 'b'], ',') as t"),
 ("row_json_without_keys (text)", f"select {S_ROW} from pc", f"select {D_ROW} from pc"),
 ("quarantine_raw_record (text)", f"select {S_RAW} from pc", f"select {D_RAW} from pc"),
 ("url_query_param",
  "select page_url, " + ", ".join(S_QP(p) for p in ("utm_source", "utm_medium", r"utm\.source")) + " from u order by 1 nulls last",
  "select page_url, " + ", ".join(D_QP(p) for p in ("utm_source", "utm_medium", r"utm\.source")) + " from u order by 1 nulls last"),
 ("not_null_columns unpivot",
  "select column_name, null_rows from (select count(*) - count(`x`) as `x`, count(*) - count(`t`) as `t`, count(*) - count(`g`) as `g` from v) as null_counts unpivot (null_rows for column_name in (`x`, `t`, `g`)) where null_rows > 0",
  'select column_name, null_rows from (select count(*) - count("x") as "x", count(*) - count("t") as "t", count(*) - count("g") as "g" from v) as null_counts unpivot (null_rows for column_name in ("x", "t", "g")) where null_rows > 0'),
]
for name, s_sql, d_sql in pairs2:
    try:
        srows = [tuple(r) for r in spark.sql(s_sql).collect()]
    except Exception as exc:  # noqa: BLE001
        srows = f"ERROR {str(exc).splitlines()[0][:300]}"
    drows = d.sql(d_sql).fetchall()
    norm = lambda rows: [tuple(cell(c) for c in r) for r in rows] if isinstance(rows, list) else rows
    same = norm(srows) == norm(drows)
    ok &= same
    print(("SAME " if same else "DIFF ") + name)
    if not same or name.endswith("(text)"):
        print("  spark :", srows)
        print("  duckdb:", drows)

# traffic_channels_classified: every regex of seeds/channel_rules.csv (a
# pattern from a column) against signature values, through regex_contains
import csv
with open("seeds/channel_rules.csv", newline="") as f:
    patterns = sorted({v.strip() for row in csv.DictReader(f) for k, v in row.items()
                       if k.endswith("_regex") and v.strip()})
values = ["", "(direct)", "linkedin", "LinkedIn", "cpc", "paid_social", "display", "chatgpt.com",
          "chatgptxcom", "le chat", "lechat", "gclid", "li_fat_id", "partner", "internal",
          "none", "referral", "x", "newsletter", "email ", "ai_assistant"]
spark.createDataFrame([(p,) for p in patterns], "pattern string").createOrReplaceTempView("rx")
spark.createDataFrame([(v,) for v in values], "value string").createOrReplaceTempView("vals")
d.execute("create table rx (pattern varchar)"); d.executemany("insert into rx values (?)", [(p,) for p in patterns])
d.execute("create table vals (value varchar)"); d.executemany("insert into vals values (?)", [(v,) for v in values])
s_rows = [tuple(r) for r in spark.sql("select pattern, value, regexp_like(coalesce(value, ''), pattern) from rx cross join vals order by 1, 2").collect()]
d_rows = d.sql("select pattern, value, regexp_matches(coalesce(value, ''), pattern) from rx cross join vals order by 1, 2").fetchall()
same = s_rows == d_rows
ok &= same
print(("SAME " if same else "DIFF ") + f"regex_contains with the channel rules' patterns ({len(patterns)} patterns x {len(values)} values, {sum(r[2] for r in d_rows)} matches)")
if not same:
    print("  ", [(a, b) for a, b in zip(s_rows, d_rows) if a != b][:10])

# try_url_decode: a lone '%' and '+' kept as DuckDB's url_decode keeps them
decode_texts = ['a+b', '100%', '%zz', '%2', 'd%C3%A9j%C3%A0', '%E9', 'a%2Bb', '%%41', '%25', '',
                '%c3%a9', '50% off', '%%', 'd%E9j%E0 vu 100%', None]
spark.createDataFrame([(v,) for v in decode_texts], "x string").createOrReplaceTempView("dec")
d.execute("create table dec (x varchar)"); d.executemany("insert into dec values (?)", [(v,) for v in decode_texts])
S_ESC = "replace(regexp_replace(x, '%(?![0-9A-Fa-f]{2})', '%25'), '+', '%2B')"
s_rows = [tuple(r) for r in spark.sql(
    f"select x, nullif(try_url_decode({S_ESC}), case when instr(try_url_decode({S_ESC}), decode(unhex('EFBFBD'), 'UTF-8')) > 0 "
    f"then try_url_decode({S_ESC}) end) from dec order by 1 nulls last").collect()]
d_rows = d.sql("select x, try(url_decode(x)) from dec order by 1 nulls last").fetchall()
same = s_rows == d_rows
ok &= same
print(("SAME " if same else "DIFF ") + f"try_url_decode ({len(d_rows)} texts: malformed escapes, '+', Latin-1)")
if not same:
    print("  ", [(a, b) for a, b in zip(s_rows, d_rows) if a != b])

# unicode_char: Spark's chr(n) is chr(n % 256); above 255 the spark__ macro
# writes the character itself in a literal (constant: allowed in a values
# list). Under escapedStringLiterals a doubled quote stays two quotes:
chars = [65, 39, 160, 233, 8239, 8364]
s_rows = [tuple(r) for r in spark.sql(
    "select * from values (" + ", ".join(f"chr({c})" if c < 256 else f"'{chr(c)}'" for c in chars) + ") as t("
    + ", ".join(f"c{c}" for c in chars) + ")").collect()]
d_rows = d.sql("select " + ", ".join(f"chr({c})" for c in chars)).fetchall()
same = s_rows == d_rows and spark.sql("select chr(8239)").collect()[0][0] == "/"
ok &= same
print(("SAME " if same else "DIFF ") + f"unicode_char {chars} (and Spark's chr(8239) is '/')")
print("  Spark, escapedStringLiterals: 'it''s' is", spark.sql("select 'it''s'").collect()[0][0])
if not same:
    print("  spark :", s_rows, spark.sql("select chr(8239)").collect())
    print("  duckdb:", d_rows)

# rpt_abm_summary's sql fixture (unit tests: `{{ }}` is not rendered there)
fixture = ("select 'T' || i as account_id, case when i <= 2 then 90000 when i <= 7 then 30000 else 0 end as pipeline_eur, "
           "i <= 18 as is_engaged from range(1, 51) as accounts (i) "
           "union all select 'N' || i as account_id, 0 as pipeline_eur, false as is_engaged "
           "from range(1, 11) as accounts (i) order by 1")
s_rows = [tuple(r) for r in spark.sql(fixture).collect()]
d_rows = d.sql(fixture).fetchall()
same = s_rows == d_rows
ok &= same
print(("SAME " if same else "DIFF ") + f"rpt_abm_summary fixture SQL as written ({len(d_rows)} rows)")

# the same rows' JSON compared parsed, with a timestamp (engine-specific text)
s_ts = spark.sql(f"select {S_ROW.replace('struct(pc.*)', 'struct(pc.*, timestamp_millis(0) as _loaded_at)')} from pc").collect()[0][0]
print("row_json_without_keys with a timestamp, spark:", s_ts)

seed_text = ("select md5(string_agg(seed_row, ';') within group (order by seed_row)) from "
             "(select to_json(struct(seed_rows.*)) as seed_row from v as seed_rows) as seed_texts")
try:
    print("seed_content_text on Spark:", spark.sql(seed_text).collect()[0][0])
except Exception as exc:  # noqa: BLE001
    ok = False
    print("seed_content_text ERROR", str(exc).splitlines()[0][:300])

compiled = Path("target_spark/compiled/revenue_attribution/tests/dbt/staging")
for path in sorted(compiled.glob("*.sql")) if compiled.is_dir() else []:
    try:
        rows = spark.sql(path.read_text()).collect()
        passed = not rows
        print(("PASS " if passed else "FAIL ") + f"{path.name} on Spark ({len(rows)} rows)")
        for r in rows[:20]:
            print("   ", tuple(r))
    except Exception as exc:  # noqa: BLE001
        passed = False
        print(f"ERROR {path.name}: {str(exc).splitlines()[0][:300]}")
    ok &= passed

# every compiled file of the spark target parses (syntax only: functions
# and columns are resolved at analysis, which needs the tables)
root = Path("target_spark/compiled/revenue_attribution")
parser = spark._jsparkSession.sessionState().sqlParser()
files = sorted(root.rglob("*.sql")) if root.is_dir() else []
unparsed = []
for path in files:
    try:
        parser.parsePlan(path.read_text())
    except Exception as exc:  # noqa: BLE001
        unparsed.append((path.relative_to(root), str(exc).splitlines()[0][:200]))
print(f"{len(files) - len(unparsed)} of {len(files)} compiled files parse on Spark")
for name, msg in unparsed:
    print("   ", name, msg)
ok &= not unparsed

print("ALL SAME" if ok else "SOME DIFFER")
