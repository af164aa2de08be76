{#- The channel of every distinct traffic signature of `relation`: a
    select with the signature columns (`has_utm`, `utm_source`,
    `utm_medium`, `utm_campaign`, `click_id_type`, `referrer_type`,
    `referrer_host`), the first rule of `seeds/channel_rules.csv` that
    matches (by priority; a blank condition matches anything, a regex is
    matched against the value, a missing value as ''), and the channel's
    group and paid flag from `seeds/channel_definitions.csv`. Signatures
    that no rule matches get `unassigned` / `no_rule`. Web events and CRM
    engagements are both classified here, so one rule set decides every
    touch's channel. Join the result back with `is not distinct from` on
    the nullable columns. -#}
{% macro traffic_channels_classified(relation) -%}
    with

    signatures as (
        select distinct
            has_utm,
            utm_source,
            utm_medium,
            utm_campaign,
            click_id_type,
            referrer_type,
            referrer_host
        from {{ relation }}
    ),

    rules as (
        -- Seeds are edited by hand: blank cells count as empty (null).
        select
            priority,
            rule_name,
            {{ parse_boolean('has_utm') }} as has_utm,
            nullif(trim(source_regex), '') as source_regex,
            nullif(trim(medium_regex), '') as medium_regex,
            nullif(trim(campaign_regex), '') as campaign_regex,
            nullif(trim(click_id_type_regex), '') as click_id_type_regex,
            nullif(trim(referrer_type_regex), '') as referrer_type_regex,
            nullif(trim(referrer_host_regex), '') as referrer_host_regex,
            lower(trim(channel)) as channel
        from {{ ref('channel_rules') }}
    ),

    signatures_matched as (
        select
            signatures.*,
            rules.rule_name as classification_rule,
            rules.channel
        from signatures
        inner join rules
            on
                (rules.has_utm is null or signatures.has_utm = rules.has_utm)
                and (
                    rules.source_regex is null
                    or {{ regex_contains(
                        "coalesce(signatures.utm_source, '')",
                        'rules.source_regex'
                    ) }}
                )
                and (
                    rules.medium_regex is null
                    or {{ regex_contains(
                        "coalesce(signatures.utm_medium, '')",
                        'rules.medium_regex'
                    ) }}
                )
                and (
                    rules.campaign_regex is null
                    or {{ regex_contains(
                        "coalesce(signatures.utm_campaign, '')",
                        'rules.campaign_regex'
                    ) }}
                )
                and (
                    rules.click_id_type_regex is null
                    or {{ regex_contains(
                        "coalesce(signatures.click_id_type, '')",
                        'rules.click_id_type_regex'
                    ) }}
                )
                and (
                    rules.referrer_type_regex is null
                    or {{ regex_contains(
                        "coalesce(signatures.referrer_type, '')",
                        'rules.referrer_type_regex'
                    ) }}
                )
                and (
                    rules.referrer_host_regex is null
                    or {{ regex_contains(
                        "coalesce(signatures.referrer_host, '')",
                        'rules.referrer_host_regex'
                    ) }}
                )
        qualify row_number() over (
            partition by
                signatures.has_utm,
                signatures.utm_source,
                signatures.utm_medium,
                signatures.utm_campaign,
                signatures.click_id_type,
                signatures.referrer_type,
                signatures.referrer_host
            order by rules.priority, rules.rule_name
        ) = 1
    )

    select
        signatures.*,
        coalesce(signatures_matched.channel, 'unassigned') as channel,
        coalesce(signatures_matched.classification_rule, 'no_rule')
            as classification_rule,
        coalesce(channel_definitions.channel_group, 'unassigned')
            as channel_group,
        coalesce(channel_definitions.is_paid, false) as is_paid
    from signatures
    left join signatures_matched
        on
            signatures.has_utm is not distinct from signatures_matched.has_utm
            and signatures.utm_source
            is not distinct from signatures_matched.utm_source
            and signatures.utm_medium
            is not distinct from signatures_matched.utm_medium
            and signatures.utm_campaign
            is not distinct from signatures_matched.utm_campaign
            and signatures.click_id_type
            is not distinct from signatures_matched.click_id_type
            and signatures.referrer_type
            is not distinct from signatures_matched.referrer_type
            and signatures.referrer_host
            is not distinct from signatures_matched.referrer_host
    left join {{ ref('channel_definitions') }} as channel_definitions
        on
            coalesce(signatures_matched.channel, 'unassigned')
            = channel_definitions.channel
{%- endmacro %}
