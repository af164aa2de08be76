{#- Exported number (text) -> decimal(precision, scale); null when blank or
    unparseable (try_cast), never an error. The decimal separator is the
    last of ',' and '.' when both occur; a separator occurring more than once
    is a thousands separator; a single separator is decimal, except that
    decimal_separator ('.' or ',') resolves '1,234' / '1.234' (one separator
    followed by exactly three digits) as a thousands separator when it is
    the other character. -#}
{% macro parse_decimal(
    expr, decimal_separator=none, precision=18, scale=2
) -%}
    {%- set cleaned = parse_numeric_text(expr) -%}
    try_cast(
        case
            when {{ cleaned }} like '%,%' and {{ cleaned }} like '%.%'
                then case
                    when
                        instr(reverse({{ cleaned }}), ',')
                        < instr(reverse({{ cleaned }}), '.')
                        then replace(replace({{ cleaned }}, '.', ''), ',', '.')
                    else replace({{ cleaned }}, ',', '')
                end
            when
                length({{ cleaned }}) - length(replace({{ cleaned }}, ',', ''))
                > 1
                then replace({{ cleaned }}, ',', '')
            when
                length({{ cleaned }}) - length(replace({{ cleaned }}, '.', ''))
                > 1
                then replace({{ cleaned }}, '.', '')
            {% if decimal_separator == '.' %}
            when {{ regex_full_match(cleaned, "'[+-]?[1-9]\\d{0,2},\\d{3}'") }}
                then replace({{ cleaned }}, ',', '')
            {% elif decimal_separator == ',' %}
            when {{ regex_full_match(cleaned, "'[+-]?[1-9]\\d{0,2}\\.\\d{3}'") }}
                then replace({{ cleaned }}, '.', '')
            {% endif %}
            else replace({{ cleaned }}, ',', '.')
        end
        as decimal({{ precision }}, {{ scale }})
    )
{%- endmacro %}
