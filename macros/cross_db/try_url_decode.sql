{#- Percent-decode text once; null when the decoded bytes are not valid
    UTF-8 (Latin-1 '%E9'), so that callers can keep their input
    (url_decode_text, url_decode_latin1). A malformed escape ('%zz', a
    trailing '%') is left as it is and '+' stays '+' (the callers that
    want a space replace it first): DuckDB's url_decode; Spark's
    try_url_decode would return null for the whole text and decode '+' as
    a space, so its input gets a lone '%' written '%25' and '+' written
    '%2B' first. -#}
{% macro try_url_decode(expr) -%}
    {{ return(adapter.dispatch(
        'try_url_decode', 'revenue_attribution'
    )(expr)) }}
{%- endmacro %}

{% macro default__try_url_decode(expr) -%}
    {{ exceptions.raise_compiler_error(
        'try_url_decode: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__try_url_decode(expr) -%}
    try(url_decode({{ expr }}))
{%- endmacro %}

{% macro spark__try_url_decode(expr) -%}
    {#- invalid UTF-8 decodes to U+FFFD in Spark: null instead, as DuckDB -#}
    {%- set escaped = "replace(regexp_replace(" ~ expr
        ~ ", '%(?![0-9A-Fa-f]{2})', '%25'), '+', '%2B')" -%}
    nullif(
        try_url_decode({{ escaped }}),
        case
            when instr(
                try_url_decode({{ escaped }}),
                decode(unhex('EFBFBD'), 'UTF-8')
            ) > 0
                then try_url_decode({{ escaped }})
        end
    )
{%- endmacro %}
