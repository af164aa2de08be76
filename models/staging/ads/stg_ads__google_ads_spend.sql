with

google_ads_campaign_daily as (
    select * from {{ source('ads', 'google_ads_campaign_daily') }}
),

google_ads_spend_parsed as (
    select
        'google_ads' as ad_platform,
        trim(campaign_id) as campaign_id,
        trim(campaign) as campaign_name,
        cast(null as {{ type_text() }}) as campaign_group_name,
        upper(trim(currency_code)) as currency,
        {{ parse_integer('impressions') }} as impressions,
        {{ parse_integer('clicks') }} as clicks,
        {{ parse_decimal('cost', decimal_separator='.') }} as spend_amount,
        {{ parse_date('day', 'YYYY-MM-DD') }} as spend_date,
        {{ quarantine_checks(ad_spend_quarantine_checks(
            'cost', 'day', 'YYYY-MM-DD', 'currency_code'
        )) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from google_ads_campaign_daily
),

google_ads_spend_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select {{ star_except('_quarantine') }}
    from google_ads_spend_parsed
    where _quarantine is null
),

google_ads_spend_deduplicated as (
    {{ dedupe_latest(
        'google_ads_spend_valid',
        partition_by=['campaign_id', 'spend_date'],
    ) }}
),

google_ads_spend_keyed as (
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
    from google_ads_spend_deduplicated
)

select * from google_ads_spend_keyed
