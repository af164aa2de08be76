{#- A select-list generator: one row per integer from `start` to `stop`,
    both included (name it with `as`). DuckDB: unnest of generate_series;
    Spark: explode of sequence. -#}
{% macro integer_series(start, stop) -%}
    {{ return(adapter.dispatch(
        'integer_series', 'revenue_attribution'
    )(start, stop)) }}
{%- endmacro %}

{% macro default__integer_series(start, stop) -%}
    {{ exceptions.raise_compiler_error(
        'integer_series: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__integer_series(start, stop) -%}
    unnest(generate_series({{ start }}, {{ stop }}))
{%- endmacro %}

{% macro spark__integer_series(start, stop) -%}
    explode(sequence({{ start }}, {{ stop }}))
{%- endmacro %}
