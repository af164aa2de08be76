{#- A select of every column of `cte` (a CTE over the raw table `relation`)
    plus the text columns `columns` where the raw table lacks them, as
    null: properties absent from every loaded record are absent from the
    raw table. DuckDB: `union all by name` with an empty set that declares
    them (a present column keeps its values). Spark has no union by name:
    the raw table's columns are read (adapter.get_columns_in_relation) and
    only the missing ones are added. -#}
{% macro with_optional_columns(cte, relation, columns) -%}
    {{ return(adapter.dispatch(
        'with_optional_columns', 'revenue_attribution'
    )(cte, relation, columns)) }}
{%- endmacro %}

{% macro default__with_optional_columns(cte, relation, columns) -%}
    {{ exceptions.raise_compiler_error(
        'with_optional_columns: no implementation for adapter '
        ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__with_optional_columns(cte, relation, columns) -%}
    {%- set declared = [] -%}
    {%- for column in columns -%}
        {%- do declared.append(
            'cast(null as ' ~ type_text() ~ ') as ' ~ column
        ) -%}
    {%- endfor -%}
    select * from {{ cte }}
    union all by name
    select {{ declared | join(', ') }}
    where false
{%- endmacro %}

{% macro spark__with_optional_columns(cte, relation, columns) -%}
    {%- set present = adapter.get_columns_in_relation(relation)
        | map(attribute='name') | map('lower') | list
        if execute else [] -%}
    {#- No column known (a unit test's fixture CTE, not a table): the
        raw contract's, which ingestion/spark.py declares on every raw
        table, optional columns included. -#}
    {%- set added = [] -%}
    {%- for column in columns
        if present and column | lower not in present -%}
        {%- do added.append(
            ', cast(null as ' ~ type_text() ~ ') as ' ~ column
        ) -%}
    {%- endfor -%}
    select *{{ added | join('') }}
    from {{ cte }}
{%- endmacro %}
