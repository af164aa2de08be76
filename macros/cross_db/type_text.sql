{#- The text type for casts: `varchar` on DuckDB, `string` on Spark (which
    refuses a `varchar` without a length). -#}
{% macro type_text() -%}
    {{ return(adapter.dispatch(
        'type_text', 'revenue_attribution'
    )()) }}
{%- endmacro %}

{% macro default__type_text() -%}
    {{ dbt.type_string() }}
{%- endmacro %}

{% macro duckdb__type_text() -%}
    varchar
{%- endmacro %}

{% macro spark__type_text() -%}
    string
{%- endmacro %}
