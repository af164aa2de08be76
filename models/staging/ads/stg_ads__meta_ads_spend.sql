with

meta_ads_campaign_daily as (
    select * from {{ source('ads', 'meta_ads_campaign_daily') }}
),

meta_ads_spend_parsed as (
    select
        'meta_ads' as ad_platform,
        trim(campaign_id) as campaign_id,
        trim(campaign_name) as campaign_name,
        cast(null as {{ type_text() }}) as campaign_group_name,
        upper(trim(currency)) as currency,
        {{ parse_integer('impressions') }} as impressions,
        {{ parse_integer('link_clicks') }} as clicks,
        {{ parse_decimal('amount_spent', decimal_separator='.') }}
            as spend_amount,
        {{ parse_date('reporting_starts', ['YYYY-MM-DD', 'DD/MM/YYYY']) }}
            as spend_date,
        {{ quarantine_checks(ad_spend_quarantine_checks(
            'amount_spent',
            'reporting_starts',
            ['YYYY-MM-DD', 'DD/MM/YYYY'],
            'currency',
        )) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from meta_ads_campaign_daily
),

meta_ads_spend_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select {{ star_except('_quarantine') }}
    from meta_ads_spend_parsed
    where _quarantine is null
),

meta_ads_spend_deduplicated as (
    {{ dedupe_latest(
        'meta_ads_spend_valid',
        partition_by=['campaign_id', 'spend_date'],
    ) }}
),

meta_ads_spend_keyed as (
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
    from meta_ads_spend_deduplicated
)

select * from meta_ads_spend_keyed
