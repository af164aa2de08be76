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
    DuckDB evaluates each shared pass once.
    Latin-1 fallback: escapes that are still there after the passes are not
    valid UTF-8 (old French newsletters and CRMs encode 'é' as '%E9'): each
    %80-%FF escape is rewritten as the two UTF-8 escapes of the same Latin-1
    character (%E9 -> %C3%A9; a placeholder byte keeps the rewrites from
    matching each other's output) and decoded once more, still guarded. -#}
{% macro url_decode_text(
    expr, passes=3, plus_as_space=true, latin1_fallback=true
) -%}
    {%- set ns = namespace(current="cast(" ~ expr ~ " as varchar)") -%}
    {%- if plus_as_space -%}
        {%- set ns.current = "replace(" ~ ns.current ~ ", '+', ' ')" -%}
    {%- endif -%}
    {%- for _ in range(passes) -%}
        {%- set ns.current = (
            "coalesce(try(url_decode(" ~ ns.current ~ ")), "
            ~ ns.current ~ ")"
        ) -%}
        {%- if plus_as_space -%}
            {%- set ns.current = "replace(" ~ ns.current ~ ", '+', ' ')" -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if latin1_fallback -%}
        {%- set ns.latin1 = ns.current -%}
        {%- for lead, trail in [
            ("C", "8"), ("D", "9"), ("E", "A"), ("F", "B")
        ] -%}
            {%- set ns.latin1 = (
                "regexp_replace(" ~ ns.latin1 ~ ", '%" ~ lead
                ~ "([0-9a-f])', chr(1) || 'C3' || chr(1) || '" ~ trail
                ~ "\\1', 'gi')"
            ) -%}
        {%- endfor -%}
        {%- set ns.latin1 = (
            "replace(regexp_replace(" ~ ns.latin1
            ~ ", '%([89ab][0-9a-f])', chr(1) || 'C2' || chr(1) || '\\1', 'gi')"
            ~ ", chr(1), '%')"
        ) -%}
        {%- set ns.current = (
            "coalesce(try(url_decode(" ~ ns.latin1 ~ ")), " ~ ns.current ~ ")"
        ) -%}
    {%- endif -%}
    {{ ns.current }}
{%- endmacro %}
