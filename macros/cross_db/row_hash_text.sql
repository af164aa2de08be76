{#- A 64-bit hash of the whole row of the relation or CTE `alias`, as
    text: DuckDB's hash() of the row (a struct); Spark's xxhash64 of the
    row's columns. Engine-specific values, like row_text. -#}
{% macro row_hash_text(alias) -%}
    {{ return(adapter.dispatch(
        'row_hash_text', 'revenue_attribution'
    )(alias)) }}
{%- endmacro %}

{% macro default__row_hash_text(alias) -%}
    {{ exceptions.raise_compiler_error(
        'row_hash_text: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__row_hash_text(alias) -%}
    cast(hash({{ alias }}) as varchar)
{%- endmacro %}

{% macro spark__row_hash_text(alias) -%}
    cast(xxhash64(struct({{ alias }}.*)) as string)
{%- endmacro %}
