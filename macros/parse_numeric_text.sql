{#- Clean an exported number before it is cast: spaces of every kind
    (thousands separators), apostrophes, currency symbols and codes and the
    percent sign removed, unicode minus turned into '-', accounting
    parentheses '(12,50)' turned into a leading minus. Returns varchar. -#}
{% macro parse_numeric_text(expr) -%}
    regexp_replace(
        regexp_replace(
            replace(trim(cast({{ expr }} as varchar)), '−', '-'),
            '[\s\x{00A0}\x{202F}\x{2009}''’€$£%]|(?i:eur|usd|gbp|chf)',
            '',
            'g'
        ),
        '^\((.+)\)$',
        '-\1'
    )
{%- endmacro %}
