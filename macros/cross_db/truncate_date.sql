{#- The first day of the week (Monday), month, quarter or year holding the
    date `date_expr`, as a date on both engines. DuckDB's date_trunc and
    Spark's date_trunc both answer a timestamp for a date (DuckDB: cast
    back, as the models did); Spark's trunc answers a date. -#}
{% macro truncate_date(part, date_expr) -%}
    {{ return(adapter.dispatch(
        'truncate_date', 'revenue_attribution'
    )(part, date_expr)) }}
{%- endmacro %}

{% macro default__truncate_date(part, date_expr) -%}
    cast({{ dbt.date_trunc(part, date_expr) }} as date)
{%- endmacro %}

{% macro duckdb__truncate_date(part, date_expr) -%}
    cast(date_trunc('{{ part }}', {{ date_expr }}) as date)
{%- endmacro %}

{% macro spark__truncate_date(part, date_expr) -%}
    {%- if part not in ('week', 'month', 'quarter', 'year') -%}
        {{ exceptions.raise_compiler_error(
            'truncate_date: part ' ~ part ~ ' not implemented on Spark'
        ) }}
    {%- endif -%}
    trunc({{ date_expr }}, '{{ part }}')
{%- endmacro %}
