{#- Remove any of the characters `characters` (a SQL string expression)
    from the start ('leading'), the end ('trailing') or both ends ('both')
    of `expr`. DuckDB's ltrim/rtrim/trim(x, chars); Spark's two-argument
    trim functions take their arguments the other way round, so it uses
    the standard trim(both|leading|trailing chars from x). -#}
{% macro trim_chars(expr, characters, side='both') -%}
    {{ return(adapter.dispatch(
        'trim_chars', 'revenue_attribution'
    )(
        expr, characters, side
    )) }}
{%- endmacro %}

{% macro default__trim_chars(expr, characters, side='both') -%}
    trim({{ side }} {{ characters }} from {{ expr }})
{%- endmacro %}

{% macro duckdb__trim_chars(expr, characters, side='both') -%}
    {{ {'both': 'trim', 'leading': 'ltrim', 'trailing': 'rtrim'}[side] }}(
        {{ expr }},
        {{ characters }}
    )
{%- endmacro %}

{% macro spark__trim_chars(expr, characters, side='both') -%}
    trim({{ side }} {{ characters }} from {{ expr }})
{%- endmacro %}
