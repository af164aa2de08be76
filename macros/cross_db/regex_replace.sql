{#- regexp_replace with DuckDB's options string: `flags` '' (first match
    only), 'g' (every match), 'i' (case-insensitive) or 'gi'. Groups in
    `replacement` are written \1 .. \9 (DuckDB); Spark's $1 .. $9 are
    derived. Spark always replaces every match: call it without 'g' only
    with a pattern whose first match is its only one (anchored at ^ or
    consuming to $), as every call in this project does. -#}
{% macro regex_replace(expr, pattern, replacement, flags='') -%}
    {{ return(adapter.dispatch(
        'regex_replace', 'revenue_attribution'
    )(
        expr, pattern, replacement, flags
    )) }}
{%- endmacro %}

{% macro default__regex_replace(expr, pattern, replacement, flags='') -%}
    {{ exceptions.raise_compiler_error(
        'regex_replace: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__regex_replace(expr, pattern, replacement, flags='') -%}
    regexp_replace(
        {{ expr }},
        {{ pattern }},
        {{ replacement }}{% if flags %},
        '{{ flags }}'{% endif %}
    )
{%- endmacro %}

{% macro spark__regex_replace(expr, pattern, replacement, flags='') -%}
    {%- set ns = namespace(replacement=replacement) -%}
    {%- for group in range(1, 10) -%}
        {%- set ns.replacement = ns.replacement | replace(
            '\\' ~ group, '$' ~ group
        ) -%}
    {%- endfor -%}
    regexp_replace(
        {{ expr }},
        {% if 'i' in flags %}'(?i)' || {% endif %}{{ pattern }},
        {{ ns.replacement }}
    )
{%- endmacro %}
