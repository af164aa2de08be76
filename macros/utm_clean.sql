{#- Clean one raw UTM value: percent-decode (+, %20, %2520; decode=false
    skips it for text decoded in an earlier step, which also keeps SQL
    nesting shallow for sqlfluff), drop zero-width characters, collapse
    whitespace and control characters (incl. no-break space) to one space,
    trim spaces and quotes, lowercase; empty strings and placeholders
    ('undefined', 'null', '(not set)', unreplaced ad macros in braces or
    brackets) become null. Synonym mapping is done by the model. -#}
{% macro utm_clean(expr, decode=true) -%}
    {%- set text = url_decode_text(expr) if decode else expr -%}
    {#- \x00-\x1F\x7F is RE2's [:cntrl:], spelt so that Java reads it too -#}
    {%- set without_zero_width = regex_replace(
        text, "'[\\x{200B}-\\x{200D}\\x{2060}\\x{FEFF}]'", "''", 'g'
    ) -%}
    {%- set spaces_collapsed = regex_replace(
        without_zero_width, "'[\\s\\x{00A0}\\x00-\\x1F\\x7F]+'", "' '", 'g'
    ) -%}
    {%- set trimmed = trim_chars(spaces_collapsed, "' \"'''") -%}
    nullif(
        {{ regex_replace(
            'lower(' ~ trimmed ~ ')',
            "'^(undefined|null|none|nan|n/a|-|\\(none\\)|\\(not set\\)|not set'"
            ~ "\n|| '|\\{+[^{}]*\\}+|\\[+[^\\[\\]]*\\]+)$'",
            "''"
        ) }},
        ''
    )
{%- endmacro %}
