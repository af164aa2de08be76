{#- Percent-decode text once; null when the decoded bytes are not valid
    UTF-8 (Latin-1 '%E9'), so that callers can keep their input
    (url_decode_text, url_decode_latin1). DuckDB leaves a malformed escape
    ('%zz', a trailing '%') as it is; Spark's try_url_decode returns null
    for the whole text then, and decodes '+' as a space (the project's
    callers turn '+' into a space first, except url_decode_latin1). -#}
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
    nullif(
        try_url_decode({{ expr }}),
        case
            when instr(
                try_url_decode({{ expr }}),
                decode(unhex('EFBFBD'), 'UTF-8')
            ) > 0
                then try_url_decode({{ expr }})
        end
    )
{%- endmacro %}
