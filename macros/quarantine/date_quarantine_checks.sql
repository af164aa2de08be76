{#- The two row checks of a required date or timestamp column (see
    quarantine_checks), in order: `implausible_date` /
    `implausible_timestamp` (is_implausible_date_text: outside
    is_plausible_date, e.g. the Excel zero date 1899-12-30 or epoch seconds
    of 1970, or an Excel zero date no format parses: `0`, `1900-01-00`),
    then `unparseable_date` / `unparseable_timestamp` (blank or not in the
    format, with `message`). `format`: the parse_date format(s); none for a
    timestamp (parse_timestamp_utc). -#}
{% macro date_quarantine_checks(column, message, format=none) -%}
    {%- if format is none -%}
        {%- set noun = 'timestamp' -%}
        {%- set parsed = parse_timestamp_utc(column) -%}
    {%- else -%}
        {%- set noun = 'date' -%}
        {%- set parsed = parse_date(column, format) -%}
    {%- endif -%}
    {{ return([
        {'reason': 'implausible_' ~ noun, 'column': column,
         'message': 'before ' ~ var('plausible_min_date', '2000-01-01')
            ~ ', more than ' ~ var('plausible_future_days', 730)
            ~ ' days after today or an Excel zero date',
         'when': is_implausible_date_text(column, format)},
        {'reason': 'unparseable_' ~ noun, 'column': column,
         'message': message,
         'when': parsed ~ ' is null'},
    ]) }}
{%- endmacro %}
