{#- Exported count (text) -> bigint; '1,234', '1.234', '1 234' and
    '1234' all give 1234 (a separator followed by groups of exactly three
    digits is a thousands separator); '12.0' gives 12; null when blank or
    unparseable. -#}
{% macro parse_integer(expr) -%}
    {%- set cleaned = parse_numeric_text(expr) -%}
    case
        when {{ regex_full_match(cleaned, "'[+-]?\\d{1,3}([.,]\\d{3})+'") }}
            then
                try_cast(
                    {{ regex_replace(cleaned, "'[.,]'", "''", 'g') }}
                    as bigint
                )
        else try_cast({{ parse_decimal(expr, precision=38, scale=0) }} as bigint)
    end
{%- endmacro %}
