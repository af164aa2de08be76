{#- Text -> date by the first of `patterns` (strptime patterns: %Y %m %d,
    a list) that parses the whole text; null when none does. Spark's
    patterns are derived (%Y -> yyyy, %m -> M, %d -> d: one or two digits,
    as DuckDB's strptime accepts). -#}
{% macro try_strptime_date(expr, patterns) -%}
    {{ return(adapter.dispatch(
        'try_strptime_date', 'revenue_attribution'
    )(
        expr, patterns
    )) }}
{%- endmacro %}

{% macro default__try_strptime_date(expr, patterns) -%}
    {{ exceptions.raise_compiler_error(
        'try_strptime_date: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__try_strptime_date(expr, patterns) -%}
    {%- if patterns | length == 1 -%}
        {%- set patterns_sql = "'" ~ patterns[0] ~ "'" -%}
    {%- else -%}
        {%- set patterns_sql = "['" ~ patterns | join("', '") ~ "']" -%}
    {%- endif -%}
    cast(
        try_strptime({{ expr }}, {{ patterns_sql }})
        as date
    )
{%- endmacro %}

{% macro spark__try_strptime_date(expr, patterns) -%}
    {%- set java_patterns = [] -%}
    {%- for pattern in patterns -%}
        {%- do java_patterns.append(
            pattern | replace('%Y', 'yyyy') | replace('%m', 'M')
            | replace('%d', 'd')
        ) -%}
    {%- endfor -%}
    {%- set parsed = [] -%}
    {%- for pattern in java_patterns -%}
        {%- do parsed.append(
            "to_date(try_to_timestamp(" ~ expr ~ ", '" ~ pattern ~ "'))"
        ) -%}
    {%- endfor -%}
    coalesce({{ parsed | join(', ') }})
{%- endmacro %}
