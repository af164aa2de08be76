{#- on-run-start guard: `dbt build` or `dbt run` on a warehouse where nothing
    was loaded yet stops with one line naming the command to run, instead of
    one "table does not exist" error per source. -#}
{% macro require_loaded_raw_data() %}
    {%- if execute and flags.WHICH in ['build', 'run'] -%}
        {%- set found = run_query(adapter.dispatch(
            'loaded_raw_tables_query', 'revenue_attribution'
        )()) -%}
        {%- if found.columns[0].values() | length == 0
            or found.columns[0].values()[0] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "no raw data in " ~ target.path
                ~ ": run `attribution load --exports <folder>` (your exports)"
                ~ " or `attribution demo` first"
            ) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}

{#- A query whose first row's first column counts the loaded raw tables
    (Spark: one row per raw database, no row when none). -#}
{% macro default__loaded_raw_tables_query() -%}
    select count(*) from information_schema.tables
    where table_schema like 'raw\_%' escape '\'
    and table_name not like '\_%' escape '\'
{%- endmacro %}

{% macro spark__loaded_raw_tables_query() -%}
    show databases like 'raw_*'
{%- endmacro %}
