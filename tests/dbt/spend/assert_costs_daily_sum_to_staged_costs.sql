-- Every staged cost is in int_costs_daily exactly once: per source, the daily
-- amounts (in the original currency) sum to the staged amounts to the cent.
-- Returns the sources that differ.
with

google_ads_spend as (
    select * from {{ ref('stg_ads__google_ads_spend') }}
),

meta_ads_spend as (
    select * from {{ ref('stg_ads__meta_ads_spend') }}
),

linkedin_ads_spend as (
    select * from {{ ref('stg_ads__linkedin_ads_spend') }}
),

monthly_costs as (
    select * from {{ ref('stg_ads__monthly_costs') }}
),

costs_daily as (
    select * from {{ ref('int_costs_daily') }}
),

staged as (
    select
        'google_ads' as cost_source,
        sum(spend_amount) as amount
    from google_ads_spend
    union all
    select
        'meta_ads' as cost_source,
        sum(spend_amount) as amount
    from meta_ads_spend
    union all
    select
        'linkedin_ads' as cost_source,
        sum(spend_amount) as amount
    from linkedin_ads_spend
    union all
    select
        'monthly_costs' as cost_source,
        sum(amount) as amount
    from monthly_costs
),

daily as (
    select
        cost_source,
        sum(amount) as amount
    from costs_daily
    group by 1
),

compared as (
    select
        staged.cost_source,
        coalesce(staged.amount, 0) as staged_amount,
        coalesce(daily.amount, 0) as daily_amount
    from staged
    left join daily
        on staged.cost_source = daily.cost_source
)

select * from compared
where staged_amount != daily_amount
