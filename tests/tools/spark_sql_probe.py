from pyspark.sql import SparkSession
spark = (SparkSession.builder.master("local[1]").appName("probe")
         .config("spark.driver.memory", "1g").config("spark.ui.enabled", "false")
         .config("spark.sql.session.timeZone", "UTC")
         .config("spark.sql.shuffle.partitions", "1").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
print("version", spark.version, "ansi", spark.conf.get("spark.sql.ansi.enabled"))
spark.sql("create or replace temp view t as select * from values (1, 'a', 10.5), (2, 'b', 3.0), (2, 'c', 4.0) as t(k, s, x)")
probes = {
 "qualify": "select * from t qualify row_number() over (partition by k order by x) = 1",
 "star except": "select * except (s) from t",
 "star exclude": "select * exclude (s) from t",
 "try_cast": "select try_cast('1.5' as bigint), try_cast('x' as int), try_cast('1,5' as decimal(18,2)), try_cast('2025-03-30T09:12:00+02:00' as timestamp)",
 "cast varchar": "select cast(1 as varchar)",
 "min_by/max_by": "select min_by(s, x), max_by(s, x) from t",
 "arg_min": "select arg_min(s, x) from t",
 "count_if": "select count_if(x > 3) from t",
 "filter where": "select count(*) filter (where x > 3) from t",
 "median/percentile_cont": "select median(x), percentile_cont(0.5) within group (order by x), percentile(x, 0.75) from t",
 "quantile_cont": "select quantile_cont(x, 0.5) from t",
 "last_day": "select last_day(date'2025-02-10')",
 "date_trunc date": "select date_trunc('month', date'2025-02-10'), typeof(date_trunc('month', date'2025-02-10')), trunc(date'2025-02-10', 'MM')",
 "datediff": "select datediff(day, date'2025-01-01', date'2025-02-10'), datediff(date'2025-02-10', date'2025-01-01'), timestampdiff(DAY, timestamp'2025-01-01 10:00', timestamp'2025-01-02 09:00')",
 "date_diff duckdb": "select date_diff('day', date'2025-01-01', date'2025-02-10')",
 "sha2": "select sha2('abc', 256), md5('abc')",
 "sha256": "select sha256('abc')",
 "rlike": "select 'ab12' rlike '^(?:[a-z]+\\\\d+)$', regexp_like('ab12', 'b1')",
 "regexp_full_match": "select regexp_full_match('ab', 'ab')",
 "escapes in literal": "select '\\d' as one_backslash_d, length('\\d') as len",
 "raw literal": "select r'\\d' as raw, length(r'\\d')",
 "quote doubling": "select 'it''s' as q",
 "regexp_replace backref": "select regexp_replace('abc', '(b)', '[$1]'), regexp_replace('abc', '(b)', '[\\\\1]')",
 "regexp_extract nomatch": "select regexp_extract('abc', 'x(y)', 1) is null, regexp_extract('abc', 'x(y)', 1) = ''",
 "try_url_decode": "select try_url_decode('%zz'), try_url_decode('%E9'), try_url_decode('a%20b+c'), url_decode('caf%C3%A9')",
 "timestamp_millis": "select timestamp_millis(1700000000000)",
 "from_utc_timestamp": "select from_utc_timestamp(timestamp'2025-03-31 23:30:00', 'Europe/Paris')",
 "timestamp_ntz": "select typeof(timestamp_ntz'2025-01-01 00:00:00')",
 "asof join": "select * from t a asof join t b on a.k = b.k and a.x >= b.x",
 "unpivot": "select * from t unpivot (v for c in (x))",
 "pivot": "select * from t pivot (sum(x) for s in ('a', 'b'))",
 "union by name": "select 1 as a, 2 as b union all by name select 3 as b, 4 as a",
 "union by name2": "select 1 as a, 2 as b union by name select 3 as b, 4 as a",
 "bool_or": "select bool_or(x > 3), bool_and(x > 3) from t",
 "string_agg": "select string_agg(s, ',') from t",
 "listagg": "select listagg(s, ',') within group (order by s) from t",
 "array literal": "select array(1,2), size(array())",
 "list literal": "select [1, 2]",
 "generate_series": "select * from range(3)",
 "sequence explode": "select explode(sequence(date'2025-01-01', date'2025-01-03', interval 1 day))",
 "div": "select 7 div 2, -7 div 2",
 "intdiv //": "select 7 // 2",
 "interval arith": "select timestamp'2025-01-10 00:00' - make_dt_interval(180), date'2025-01-10' + 730, date_add(date'2025-01-10', 730)",
 "current_date + int": "select current_date + 730",
 "get_json_object": "select get_json_object('{\"a\": {\"results\": [{\"id\": \"7\"}]}}', '$.a.results'), from_json('[{\"id\": \"7\", \"type\": \"x\"}]', 'array<struct<id:string,type:string>>')",
 "to_json struct": "select to_json(named_struct('a', 1, 'b', 'x'))",
 "lambda filter": "select filter(array(1,2,3), x -> x > 1), transform(array(1,2), x -> x * 2)",
 "hugeint": "select cast(1 as hugeint)",
 "double": "select cast(1 as double)",
 "ilike": "select 'ABC' ilike 'a%'",
 "nulls last": "select * from t order by x desc nulls last",
 "group by ordinal": "select k, count(*) from t group by 1",
 "lateral join": "select * from t a join lateral (select max(x) m from t b where b.k = a.k) l",
 "left(,right)": "select left('abcd', 2), right('abcd', 2), strpos('abc', 'b')",
 "instr/locate": "select instr('abc','b'), locate('b','abc')",
 "reverse/ltrim2": "select reverse('abc'), ltrim('//a', '/'), trim(both '/' from '//a//')",
 "trim chars duckdb": "select trim('\"x\"', '\"')",
 "chr": "select chr(1) = char(1)",
 "isodow": "select dayofweek(date'2025-01-05'), weekday(date'2025-01-05'), extract(dow from date'2025-01-05'), extract(dayofweek_iso from date'2025-01-05')",
 "make_date": "select make_date(2025, 1, 31)",
 "exp/ln": "select ln(2.0), exp(1.0), sqrt(4.0), power(2, 10)",
 "typeof sum decimal": "select typeof(sum(cast(x as decimal(18,2)))) from t",
 "decimal division": "select cast(1 as decimal(18,2)) / cast(3 as decimal(18,2))",
 "int division": "select 7 / 2",
}
for name, sql in probes.items():
    try:
        rows = spark.sql(sql).collect()
        print(f"OK   {name}: {[tuple(r) for r in rows][:3]}")
    except Exception as e:
        msg = str(e).strip().splitlines()[0][:160]
        print(f"FAIL {name}: {msg}")
spark.stop()
