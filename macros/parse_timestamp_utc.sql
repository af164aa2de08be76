{#- Exported timestamp (text) -> timestamp with time zone (an instant).
    Accepts ISO 8601 with 'Z' or an offset ('2025-03-30T09:12:00+02:00'),
    epoch milliseconds ('1735808400000', HubSpot's other form) and, as a
    fallback, ISO 8601 without offset or a bare date, read as UTC (never as
    the session time zone). Null when blank or unparseable. -#}
{% macro parse_timestamp_utc(expr) -%}
    {%- set trimmed = 'trim(cast(' ~ expr ~ ' as varchar))' -%}
    case
        when regexp_full_match({{ trimmed }}, '-?\d{9,}')
            then timezone('UTC', epoch_ms(try_cast({{ trimmed }} as bigint)))
        when
            regexp_matches(
                {{ trimmed }},
                '\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*([zZ]|[+-]\d{2}(:?\d{2})?)$'
            )
            then try_cast({{ trimmed }} as timestamptz)
        else timezone('UTC', try_cast({{ trimmed }} as timestamp))
    end
{%- endmacro %}
