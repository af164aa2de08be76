{#- True when the regular expression `pattern` (a SQL string expression)
    matches the whole of `expr`; null for null. Patterns are written once
    for both engines: RE2 (DuckDB) and java.util.regex (Spark) agree on the
    syntax this project uses (classes, \d \s, {m,n}, (?i), \x{hhhh}); the
    spark target keeps backslashes in string literals (profiles.yml). -#}
{% macro regex_full_match(expr, pattern) -%}
    {{ return(adapter.dispatch(
        'regex_full_match', 'revenue_attribution'
    )(
        expr, pattern
    )) }}
{%- endmacro %}

{% macro default__regex_full_match(expr, pattern) -%}
    {{ exceptions.raise_compiler_error(
        'regex_full_match: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__regex_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_full_match(expr, pattern) -%}
    {#- \z: the very end (Java's $ also matches before a final newline) -#}
    regexp_like({{ expr }}, '^(?:' || {{ pattern }} || ')\z')
{%- endmacro %}
