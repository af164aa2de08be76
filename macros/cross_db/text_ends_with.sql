{#- True when the text `expr` ends with the text `suffix` (SQL
    expressions): DuckDB's ends_with, Spark's endswith. -#}
{% macro text_ends_with(expr, suffix) -%}
    {{ return(adapter.dispatch(
        'text_ends_with', 'revenue_attribution'
    )(expr, suffix)) }}
{%- endmacro %}

{% macro default__text_ends_with(expr, suffix) -%}
    {{ exceptions.raise_compiler_error(
        'text_ends_with: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__text_ends_with(expr, suffix) -%}
    ends_with({{ expr }}, {{ suffix }})
{%- endmacro %}

{% macro spark__text_ends_with(expr, suffix) -%}
    endswith({{ expr }}, {{ suffix }})
{%- endmacro %}
