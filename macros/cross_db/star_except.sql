{#- `*` without the listed columns (a name or a list): DuckDB's
    `* exclude (...)`, Spark's `* except (...)` (Spark 4; on Databricks
    too). -#}
{% macro star_except(columns) -%}
    {%- set column_list = [columns] if columns is string else columns -%}
    {{ return(adapter.dispatch(
        'star_except', 'revenue_attribution'
    )(
        column_list
    )) }}
{%- endmacro %}

{% macro default__star_except(columns) -%}
    {{ exceptions.raise_compiler_error(
        'star_except: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__star_except(columns) -%}
    * exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__star_except(columns) -%}
    * except ({{ columns | join(', ') }})
{%- endmacro %}
