{#- Group `group` of the first match of `pattern` in `expr`, '' when it
    does not match (both engines), null for null. `flags` 'i' makes the
    match case-insensitive. -#}
{% macro regex_extract(expr, pattern, group=0, flags='') -%}
    {{ return(adapter.dispatch(
        'regex_extract', 'revenue_attribution'
    )(
        expr, pattern, group, flags
    )) }}
{%- endmacro %}

{% macro default__regex_extract(expr, pattern, group=0, flags='') -%}
    {{ exceptions.raise_compiler_error(
        'regex_extract: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__regex_extract(expr, pattern, group=0, flags='') -%}
    regexp_extract(
        {{ expr }},
        {{ pattern }},
        {{ group }}{% if flags %},
        '{{ flags }}'{% endif %}
    )
{%- endmacro %}

{% macro spark__regex_extract(expr, pattern, group=0, flags='') -%}
    regexp_extract(
        {{ expr }},
        {% if 'i' in flags %}'(?i)' || {% endif %}{{ pattern }},
        {{ group }}
    )
{%- endmacro %}
