{#- on-run-start guard: `dbt build` or `dbt run` on a warehouse where nothing
    was loaded yet stops with one line naming the command to run, instead of
    one "table does not exist" error per source. -#}
{% macro require_loaded_raw_data() %}
    {%- if execute and flags.WHICH in ['build', 'run'] -%}
        {%- set found = run_query(
            "select count(*) from information_schema.tables"
            ~ " where table_schema like 'raw\\_%' escape '\\'"
            ~ " and table_name not like '\\_%' escape '\\'"
        ) -%}
        {%- if found.columns[0].values()[0] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "no raw data in " ~ target.path
                ~ ": run `attribution load --exports <folder>` (your exports)"
                ~ " or `attribution demo` first"
            ) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
