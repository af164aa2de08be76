{#- True when an exported date or timestamp text is a value no business
    date can be: it parses but lies outside is_plausible_date (the Excel
    zero date 1899-12-30, epoch seconds read as 1970, year 2199), or it is
    an Excel zero date no format parses (`0`, `1900-01-00`). `format`: the
    parse_date format(s); none for a timestamp (parse_timestamp_utc).
    Quarantine reason of a required column (date_quarantine_checks), flag
    of an optional one (its parsed value is null). -#}
{% macro is_implausible_date_text(expr, format=none) -%}
    {%- if format is none -%}
        {%- set parsed = parse_timestamp_utc(expr) -%}
        {%- set parsed_any = parse_timestamp_utc(expr, plausible=false) -%}
    {%- else -%}
        {%- set parsed = parse_date(expr, format) -%}
        {%- set parsed_any = parse_date(expr, format, plausible=false) -%}
    {%- endif -%}
    (
        ({{ parsed_any }} is not null and {{ parsed }} is null)
        or {{ is_excel_zero_date_text(expr) }}
    )
{%- endmacro %}
