{#- A timestamp earlier than any loaded row: the floor of an incremental
    filter on a table that holds no row yet (`coalesce(max(x), floor)`).
    DuckDB: '-infinity'; Spark has no infinite timestamp (the text casts
    to null, and the filter would then keep nothing): its earliest one. -#}
{% macro timestamp_lowest() -%}
    {{ return(adapter.dispatch('timestamp_lowest', 'revenue_attribution')()) }}
{%- endmacro %}

{% macro default__timestamp_lowest() -%}
    {{ exceptions.raise_compiler_error(
        'timestamp_lowest: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__timestamp_lowest() -%}
    '-infinity'
{%- endmacro %}

{% macro spark__timestamp_lowest() -%}
    cast('0001-01-01 00:00:00' as timestamp)
{%- endmacro %}
