{#- The one definition of a reporting date: the calendar date of a UTC
    timestamp in var `reporting_timezone` (Europe/Paris by default), so that
    an event at 23:30 UTC on 31 March counts on 1 April in Paris. Every
    `_date` column derived from a timestamp uses it. -#}
{% macro reporting_date(timestamp) -%}
    cast({{ timestamp_in_timezone(
        "'" ~ var("reporting_timezone") ~ "'", timestamp
    ) }} as date)
{%- endmacro %}
