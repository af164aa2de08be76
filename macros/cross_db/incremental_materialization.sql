{#- The materialization of the models that run incrementally on DuckDB
    (stg_web__events, int_web_sessions, int_touchpoints_stitched,
    fct_attribution_credits). Their pre-hooks `delete` the rows to
    rebuild, and their strategies are delete+insert and append.
    DuckDB: `incremental`. Spark: `table`, rebuilt whole on every run:
    dbt-spark writes parquet tables by default, and a parquet table takes
    no `delete` (Delta or Iceberg tables do, with a `merge` strategy: not
    ported, see docs/spark_port.md). Every other config of those models
    is ignored by the `table` materialization, and `is_incremental()` is
    false, so the pre-hooks render nothing. -#}
{% macro incremental_materialization() -%}
    {{ return(adapter.dispatch(
        'incremental_materialization', 'revenue_attribution'
    )()) }}
{%- endmacro %}

{% macro default__incremental_materialization() -%}
    {{ exceptions.raise_compiler_error(
        'incremental_materialization: no implementation for adapter '
        ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__incremental_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__incremental_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
