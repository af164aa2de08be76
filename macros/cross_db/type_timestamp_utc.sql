{#- The type of an instant (a UTC timestamp): DuckDB's `timestamptz`;
    Spark's `timestamp`, an instant shown in the session time zone, which
    the spark target sets to UTC (profiles.yml). -#}
{% macro type_timestamp_utc() -%}
    {{ return(adapter.dispatch(
        'type_timestamp_utc', 'revenue_attribution'
    )()) }}
{%- endmacro %}

{% macro default__type_timestamp_utc() -%}
    {{ dbt.type_timestamp() }}
{%- endmacro %}

{% macro duckdb__type_timestamp_utc() -%}
    timestamptz
{%- endmacro %}

{% macro spark__type_timestamp_utc() -%}
    timestamp
{%- endmacro %}
