{#- The version of everything that shapes a staged web event besides its raw
    row: the model's code, the vars it reads and the content of the channel
    seeds. Incremental runs of stg_web__events reprocess every raw event when
    it differs from the version stored with the rows (an edited channel rule
    or site host reclassifies history), and only newly loaded files
    otherwise. A scalar SQL expression (md5 text). -#}
{% macro web_rules_version() -%}
    {%- set settings = {
        'code': model.raw_code if model is defined else '',
        'site_hosts': var('site_hosts'),
        'plausible_min_date': var('plausible_min_date'),
        'plausible_future_days': var('plausible_future_days'),
    } -%}
    md5(
        concat_ws(
            '|',
            '{{ local_md5(tojson(settings)) if local_md5 is defined else "" }}',
            {{ seed_content_text('channel_rules') }},
            {{ seed_content_text('channel_definitions') }},
            {{ seed_content_text('channel_referrer_hosts') }},
            {{ seed_content_text('utm_source_synonyms') }},
            {{ seed_content_text('utm_medium_synonyms') }}
        )
    )
{%- endmacro %}

{#- Pre-hook of stg_web__events: empty the stored rows made under another
    `web_rules_version` (or before the version was kept) so the run
    parses every raw row again. -#}
{% macro delete_web_events_of_other_rules() -%}
    {%- if is_incremental() -%}
        {%- set columns = adapter.get_columns_in_relation(this)
            | map(attribute='name') | list -%}
        delete from {{ this }}
        {%- if '_rules_version' in columns %}
            where _rules_version != {{ web_rules_version() }}
        {%- endif %}
    {%- endif -%}
{%- endmacro %}

{#- The version of int_web_sessions: the staged events' version, the session
    timeout and the model's code. -#}
{% macro web_sessions_version() -%}
    {{ downstream_version(
        'stg_web__events', var("web_session_timeout_minutes")
    ) }}
{%- endmacro %}

{#- The version of a model built from `upstream`'s versioned rows: md5 of
    the upstream table's `_rules_version`, this model's code and `setting`
    (the var that shapes it). -#}
{% macro downstream_version(upstream, setting) -%}
    md5(concat_ws(
        '|',
        (select max(_rules_version) from {{ ref(upstream) }}),
        '{{ local_md5(
            (model.raw_code if model is defined else '') ~ setting
        ) if local_md5 is defined else "" }}'
    ))
{%- endmacro %}

{#- Pre-hook of int_web_sessions: delete every session of a device whose
    events changed since the latest load the table holds: devices of newly
    staged events, and devices whose stored sessions hold one of those
    event ids (an event re-sent under another device leaves its old device
    too). Everything goes when the version changed. The model then rebuilds
    the sessions of every consenting device absent from the table, whole:
    a session is never split at a load boundary. -#}
{% macro delete_web_sessions_of_changed_devices() -%}
    {%- if is_incremental() -%}
        {%- set columns = adapter.get_columns_in_relation(this)
            | map(attribute='name') | list -%}
        {%- if '_rules_version' not in columns -%}
            delete from {{ this }}
        {%- else -%}
            delete from {{ this }}
            where
                _rules_version != {{ web_sessions_version() }}
                or anonymous_id in (
                    with new_events as (
                        select event_id, anonymous_id
                        from {{ ref('stg_web__events') }}
                        where _loaded_at > (
                            select coalesce(
                                max(_last_loaded_at), {{ timestamp_lowest() }}
                            )
                            from {{ this }}
                        )
                    )

                    select anonymous_id from new_events
                    union
                    select kept.anonymous_id
                    from {{ this }} as kept {{ lateral_unnest(
                        'kept.event_ids', 'e', 'event_id'
                    ) }}
                    where e.event_id in (select event_id from new_events)
                )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Every row of a seed as one text (scalar subquery), in a stable order
    (row_text: each engine's own text, so the version is engine-specific;
    it is only compared with versions the same engine stored). -#}
{% macro seed_content_text(seed) -%}
    (
        select {{ ordered_string_agg('seed_row', "';'", 'seed_row') }}
        from (
            select {{ row_text('seed_rows') }} as seed_row
            from {{ ref(seed) }} as seed_rows
        ) as seed_texts
    )
{%- endmacro %}

{#- The version of int_touchpoints_stitched's anonymous web touchpoints: the
    sessions' version, the engagement-matching minutes and the model's
    code. -#}
{% macro touchpoints_version() -%}
    {{ downstream_version(
        'int_web_sessions', var("crm_form_engagement_match_minutes")
    ) }}
{%- endmacro %}

{#- Pre-hook of int_touchpoints_stitched: delete what the run must stitch
    again. CRM touchpoints (few, rebuilt every run); web touchpoints of a
    device tied to a contact, or tied before (its contact and account can
    change any day); those of a session int_web_sessions no longer holds
    (its device had new events); everything when the version changed. -#}
{% macro delete_touchpoints_to_restitch() -%}
    {%- if is_incremental() -%}
        {%- set columns = adapter.get_columns_in_relation(this)
            | map(attribute='name') | list -%}
        {%- if '_touchpoints_version' not in columns -%}
            delete from {{ this }}
        {%- else -%}
            delete from {{ this }}
            where
                touchpoint_source != 'web'
                or contact_id is not null
                or _touchpoints_version != {{ touchpoints_version() }}
                or anonymous_id in (
                    select mapped.anonymous_id
                    from {{ ref('int_anonymous_ids_mapped_to_contacts') }} as mapped
                )
                or touchpoint_id not in (
                    select sessions.session_id
                    from {{ ref('int_web_sessions') }} as sessions
                )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
