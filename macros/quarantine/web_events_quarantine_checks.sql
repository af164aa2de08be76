{#- Row checks of the web events (see quarantine_checks): no event id
    (cannot be deduplicated), no anonymous id (cannot be sessionised), a
    missing, unparseable or implausible timestamp, an event type outside the contract.
    A malformed page URL is not quarantined: stg_web__events flags it
    (`is_malformed_page_url`), the visit happened. -#}
{% macro web_events_quarantine_checks() -%}
    {{ return([
        {'reason': 'missing_id', 'column': 'event_id',
         'message': 'no event id',
         'when': "nullif(trim(event_id), '') is null"},
        {'reason': 'missing_anonymous_id', 'column': 'anonymous_id',
         'message': 'no anonymous id',
         'when': "nullif(trim(anonymous_id), '') is null"},
    ] + date_quarantine_checks(
        adapter.quote('timestamp'), 'not an ISO 8601 timestamp'
    ) + [
        {'reason': 'unknown_event_type', 'column': 'event_type',
         'message': 'event type is neither page_view nor form_submit',
         'when': "coalesce(lower(trim(event_type))"
            ~ " not in ('page_view', 'form_submit'), true)"},
    ]) }}
{%- endmacro %}
