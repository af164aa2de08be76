{#- Clean one raw UTM value: decode (+, %20, %2520), drop zero-width
    characters, collapse whitespace and control characters (incl. no-break
    space) to one space, trim spaces and quotes, lowercase; empty strings and
    placeholders ('undefined', 'null', '(not set)', unreplaced '{{x}}' or
    '{x}' macros) become null. Synonym mapping is done by the model. -#}
{% macro utm_clean(expr) -%}
    nullif(
        regexp_replace(
            lower(
                trim(
                    regexp_replace(
                        regexp_replace(
                            {{ url_decode_text(expr) }},
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
