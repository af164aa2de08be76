{#- Percent-decode text that may be encoded more than once ('%2520'):
    decode until stable, at most `passes` times, each pass guarded:
    DuckDB url_decode() leaves malformed escapes ('%zz', a trailing '%')
    untouched but raises an error when the bytes are not valid UTF-8
    ('%E9', Latin-1 'é'); try() turns that into null and the pass keeps its
    input. Each pass nests the previous one as a whole
    (coalesce(try(url_decode(p)), p)): a flat
    coalesce(try(decode(decode(x))), try(decode(x)), x) is NOT safe, because
    DuckDB's common-subexpression optimizer hoists the shared decode(x) out
    of try() and the error escapes. The compiled text doubles per pass, but
    DuckDB evaluates each shared pass once. Escapes left because they are
    not UTF-8 (Latin-1 '%E9') are for url_decode_latin1, applied to the
    decoded column in a later CTE (nesting it here would double the text
    once more). -#}
{% macro url_decode_text(expr, passes=3, plus_as_space=true) -%}
    {%- set ns = namespace(
        current="cast(" ~ expr ~ " as " ~ type_text() ~ ")"
    ) -%}
    {%- if plus_as_space -%}
        {%- set ns.current = "replace(" ~ ns.current ~ ", '+', ' ')" -%}
    {%- endif -%}
    {%- for _ in range(passes) -%}
        {%- set ns.current = (
            "coalesce(" ~ try_url_decode(ns.current) ~ ", "
            ~ ns.current ~ ")"
        ) -%}
        {%- if plus_as_space -%}
            {%- set ns.current = "replace(" ~ ns.current ~ ", '+', ' ')" -%}
        {%- endif -%}
    {%- endfor -%}
    {{ ns.current }}
{%- endmacro %}
