{#- Clean an exported number before it is cast: spaces of every kind
    (thousands separators), apostrophes, currency symbols and codes and the
    percent sign removed, unicode minus turned into '-', accounting
    parentheses '(12,50)' turned into a leading minus. Returns varchar. -#}
{% macro parse_numeric_text(expr) -%}
    {%- set without_symbols = regex_replace(
        "replace(trim(cast(" ~ expr ~ " as " ~ type_text() ~ ")), '−', '-')",
        "'[\\s\\x{00A0}\\x{202F}\\x{2009}''’€$£%]|(?i:eur|usd|gbp|chf)'",
        "''",
        'g'
    ) -%}
    {{ regex_replace(without_symbols, "'^\\((.+)\\)$'", "'-\\1'") }}
{%- endmacro %}
