{#- Exported timestamp (text) -> timestamp with time zone (an instant).
    Accepts ISO 8601 with 'Z' or an offset ('2025-03-30T09:12:00+02:00'),
    a Unix epoch whose unit is read from its magnitude (up to 11 digits:
    seconds; up to 14: milliseconds, HubSpot's other form; more:
    microseconds) and, as a fallback, ISO 8601 without offset or a bare
    date, read as UTC (never as the session time zone). Null when blank or
    unparseable, and (unless `plausible=false`) when its UTC date is
    outside is_plausible_date. -#}
{% macro parse_timestamp_utc(expr, plausible=true) -%}
    {%- set trimmed = 'trim(cast(' ~ expr ~ ' as ' ~ type_text() ~ '))' -%}
    {%- set epoch = 'try_cast(' ~ trimmed ~ ' as bigint)' -%}
    {%- set parsed -%}
    case
        when {{ regex_full_match(trimmed, "'-?\\d{9,}'") }}
            then {{ timestamp_utc_from_local(timestamp_from_epoch_ms(
                'case when abs(' ~ epoch ~ ') < 100000000000 then '
                ~ epoch ~ ' * 1000 when abs(' ~ epoch
                ~ ') < 100000000000000 then ' ~ epoch ~ ' else '
                ~ integer_divide(epoch, '1000') ~ ' end'
            )) }}
        when
            {{ regex_contains(
                trimmed,
                "'\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*"
                ~ "([zZ]|[+-]\\d{2}(:?\\d{2})?)$'"
            ) }}
            then try_cast({{ trimmed }} as {{ type_timestamp_utc() }})
        else {{ timestamp_utc_from_local(
            'try_cast(' ~ trimmed ~ ' as timestamp)'
        ) }}
    end
    {%- endset -%}
    {%- if plausible -%}
    case
        when {{ is_plausible_date(
            'cast(' ~ timestamp_in_timezone("'UTC'", parsed) ~ ' as date)'
        ) }}
            then {{ parsed }}
    end
    {%- else -%}
    {{ parsed }}
    {%- endif -%}
{%- endmacro %}
