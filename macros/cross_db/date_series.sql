{#- A select-list generator: one row per `part` (day or month) from the
    date `start` to the date `stop`, both included, as a date column (name
    it with `as`). DuckDB: unnest of generate_series over timestamps, cast
    back to dates; Spark: explode of sequence over dates. Like every
    generator, it cannot be nested in another expression on Spark. -#}
{% macro date_series(start, stop, part) -%}
    {{ return(adapter.dispatch(
        'date_series', 'revenue_attribution'
    )(start, stop, part)) }}
{%- endmacro %}

{% macro default__date_series(start, stop, part) -%}
    {{ exceptions.raise_compiler_error(
        'date_series: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__date_series(start, stop, part) -%}
    cast(unnest(generate_series(
        cast({{ start }} as timestamp),
        cast({{ stop }} as timestamp),
        interval 1 {{ part }}
    )) as date)
{%- endmacro %}

{% macro spark__date_series(start, stop, part) -%}
    explode(sequence(
        cast({{ start }} as date),
        cast({{ stop }} as date),
        interval 1 {{ part }}
    ))
{%- endmacro %}
