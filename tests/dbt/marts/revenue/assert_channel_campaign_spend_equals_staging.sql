-- Spend of rpt_channel_campaign_performance reconciles to staging, in two
-- exact steps (to the cent): (1) per attribution model, spend_eur and
-- clicks equal the marketing costs and clicks of int_costs_daily; (2) per
-- source and currency, int_costs_daily's marketing amounts (before FX)
-- equal the ad spend of the three platforms and the marketing lines of
-- stg_ads__monthly_costs. FX is applied once, in int_costs_daily.
with

costs_daily as (
    select * from {{ ref('int_costs_daily') }}
    where cost_type = 'marketing'
),

staging_amounts as (
    select
        ad_platform as cost_source,
        currency,
        spend_amount as amount
    from {{ ref('stg_ads__google_ads_spend') }}
    union all
    select
        ad_platform as cost_source,
        currency,
        spend_amount as amount
    from {{ ref('stg_ads__meta_ads_spend') }}
    union all
    select
        ad_platform as cost_source,
        currency,
        spend_amount as amount
    from {{ ref('stg_ads__linkedin_ads_spend') }}
    union all
    select
        'monthly_costs' as cost_source,
        currency,
        amount
    from {{ ref('stg_ads__monthly_costs') }}
    where cost_type = 'marketing'
),

staging_totals as (
    select
        cost_source,
        currency,
        sum(amount) as amount
    from staging_amounts
    group by 1, 2
),

daily_totals as (
    select
        cost_source,
        currency,
        sum(amount) as amount
    from costs_daily
    group by 1, 2
),

costs_totals as (
    select
        sum(amount_eur) as spend_eur,
        coalesce(sum(clicks), 0) as clicks
    from costs_daily
),

mart_totals as (
    select
        attribution_model,
        sum(spend_eur) as spend_eur,
        sum(clicks) as clicks
    from {{ ref('rpt_channel_campaign_performance') }}
    group by 1
),

mart_failures as (
    select
        'mart vs int_costs_daily' as failure,
        mart_totals.attribution_model as failing_key,
        mart_totals.spend_eur as amount,
        costs_totals.spend_eur as expected_amount
    from mart_totals
    cross join costs_totals
    where
        abs(mart_totals.spend_eur - coalesce(costs_totals.spend_eur, 0))
        >= 0.005
        or mart_totals.clicks != costs_totals.clicks
),

staging_failures as (
    select
        'int_costs_daily vs staging' as failure,
        coalesce(staging_totals.cost_source, daily_totals.cost_source)
        || ' '
        || coalesce(staging_totals.currency, daily_totals.currency)
            as failing_key,
        daily_totals.amount,
        staging_totals.amount as expected_amount
    from staging_totals
    full outer join daily_totals
        on
            staging_totals.cost_source = daily_totals.cost_source
            and staging_totals.currency = daily_totals.currency
    where
        abs(
            coalesce(staging_totals.amount, 0)
            - coalesce(daily_totals.amount, 0)
        ) >= 0.005
)

select * from mart_failures
union all
select * from staging_failures
