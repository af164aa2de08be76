{#- Percent-decode text that may be encoded more than once ('%2520').
    DuckDB url_decode() leaves malformed escapes ('%zz', a trailing '%')
    untouched but raises an error when the bytes are not valid UTF-8
    ('%E9', Latin-1 'é'); try() turns that error into null and the
    coalesce falls back to the last pass that worked. Equivalent to
    "decode until stable, at most `passes` times" without nesting
    coalesce(try(...), ...) exponentially. -#}
{% macro url_decode_text(expr, passes=3, plus_as_space=true) -%}
    {%- set ns = namespace(decoded=[], current="cast(" ~ expr ~ " as varchar)") -%}
    {%- if plus_as_space -%}
        {%- set ns.current = "replace(" ~ ns.current ~ ", '+', ' ')" -%}
    {%- endif -%}
    {%- set original = ns.current -%}
    {%- for _ in range(passes) -%}
        {%- set ns.current = "url_decode(" ~ ns.current ~ ")" -%}
        {%- if plus_as_space -%}
            {%- set ns.current = "replace(" ~ ns.current ~ ", '+', ' ')" -%}
        {%- endif -%}
        {%- set ns.decoded = ["try(" ~ ns.current ~ ")"] + ns.decoded -%}
    {%- endfor -%}
    coalesce({{ (ns.decoded + [original]) | join(', ') }})
{%- endmacro %}
