{#- True when an exported text is a spreadsheet's "zero date" that no date
    format parses: the serial number 0 (`0`, `0.0`, `0,00`) or day 0 of
    January 1900 as Excel displays it (`1900-01-00`, `00/01/1900`, with or
    without a time). Its parseable forms (`1899-12-30`, `30/12/1899`) fall
    outside is_plausible_date. False for null. -#}
{% macro is_excel_zero_date_text(expr) -%}
    coalesce(
        {{ regex_full_match(
            'trim(cast(' ~ expr ~ ' as ' ~ type_text() ~ '))',
            "'(0+([.,]0*)?|1900-0?1-00|00[/.]0?1[/.]1900)([ T].*)?'"
        ) }},
        false
    )
{%- endmacro %}
