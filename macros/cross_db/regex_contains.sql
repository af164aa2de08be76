{#- True when the regular expression `pattern` (a SQL string expression)
    matches somewhere in `expr`; null for null. See regex_full_match for
    the pattern syntax both engines share. -#}
{% macro regex_contains(expr, pattern) -%}
    {{ return(adapter.dispatch(
        'regex_contains', 'revenue_attribution'
    )(
        expr, pattern
    )) }}
{%- endmacro %}

{% macro default__regex_contains(expr, pattern) -%}
    {{ exceptions.raise_compiler_error(
        'regex_contains: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__regex_contains(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_contains(expr, pattern) -%}
    regexp_like({{ expr }}, {{ pattern }})
{%- endmacro %}
