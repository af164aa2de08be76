with

linkedin_ads_campaign_daily as (
    select * from {{ source('ads', 'linkedin_ads_campaign_daily') }}
),

linkedin_ads_spend_parsed as (
    select
        'linkedin_ads' as ad_platform,
        trim(campaign_id) as campaign_id,
        trim(campaign_name) as campaign_name,
        trim(campaign_group_name) as campaign_group_name,
        upper(trim(currency)) as currency,
        {{ parse_integer('impressions') }} as impressions,
        {{ parse_integer('clicks') }} as clicks,
        {{ parse_decimal('total_spent', decimal_separator='.') }}
            as spend_amount,
        {{ parse_date('start_date', 'M/D/YYYY') }} as spend_date,
        {{ quarantine_checks(ad_spend_quarantine_checks(
            'total_spent', 'start_date', 'M/D/YYYY', 'currency'
        )) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from linkedin_ads_campaign_daily
),

linkedin_ads_spend_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select {{ star_except('_quarantine') }}
    from linkedin_ads_spend_parsed
    where _quarantine is null
),

linkedin_ads_spend_deduplicated as (
    {{ dedupe_latest(
        'linkedin_ads_spend_valid',
        partition_by=['campaign_id', 'spend_date'],
    ) }}
),

linkedin_ads_spend_keyed as (
    select
        md5(
            concat_ws(
                '|',
                ad_platform,
                campaign_id,
                cast(spend_date as {{ type_text() }})
            )
        ) as ad_spend_id,
        *
    from linkedin_ads_spend_deduplicated
)

select * from linkedin_ads_spend_keyed
