{#- Clean one raw UTM value: percent-decode (+, %20, %2520; decode=false
    skips it for text decoded in an earlier step, which also keeps SQL
    nesting shallow for sqlfluff), drop zero-width characters, collapse
    whitespace and control characters (incl. no-break space) to one space,
    trim spaces and quotes, lowercase; empty strings and placeholders
    ('undefined', 'null', '(not set)', unreplaced ad macros in braces or
    brackets) become null. Synonym mapping is done by the model. -#}
{% macro utm_clean(expr, decode=true) -%}
    {%- set text = url_decode_text(expr) if decode else expr -%}
    nullif(
        regexp_replace(
            lower(
                trim(
                    regexp_replace(
                        regexp_replace(
                            {{ text }},
                            '[\x{200B}-\x{200D}\x{2060}\x{FEFF}]',
                            '',
                            'g'
                        ),
                        '[\s\x{00A0}[:cntrl:]]+',
                        ' ',
                        'g'
                    ),
                    ' "'''
                )
            ),
            '^(undefined|null|none|nan|n/a|-|\(none\)|\(not set\)|not set'
            || '|\{+[^{}]*\}+|\[+[^\[\]]*\]+)$',
            ''
        ),
        ''
    )
{%- endmacro %}
