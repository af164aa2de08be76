-- One row per cost line and day, in EUR: ad platform spend (daily, by
-- campaign) and the monthly marketing and sales costs spread evenly over the
-- days of their month (the rounding remainder on the month's last day, so a
-- month sums to its amount exactly). The single source of spend and costs
-- for the ROI, CAC, ABM and weekly marts.
-- sqlfluff:indentation:template_blocks_indent:False
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

fx_rates as (
    select * from {{ ref('stg_reference__fx_rates') }}
),

ad_platform_channels as (
    select * from {{ ref('ad_platform_channels') }}
),

ad_spend_unioned as (
    {#- the columns ad_spend uses, named: Spark has no union by name -#}
    {% for platform_spend in [
        'google_ads_spend', 'meta_ads_spend', 'linkedin_ads_spend'
    ] -%}
    select
        ad_spend_id,
        ad_platform,
        campaign_id,
        campaign_name,
        currency,
        spend_amount,
        impressions,
        clicks,
        spend_date
    from {{ platform_spend }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

ad_spend as (
    select
        ad_spend_unioned.ad_spend_id as cost_id,
        ad_spend_unioned.ad_platform as cost_source,
        'marketing' as cost_type,
        'advertising' as category,
        ad_platform_channels.channel,
        ad_spend_unioned.campaign_id,
        ad_spend_unioned.campaign_name,
        ad_spend_unioned.currency,
        ad_spend_unioned.spend_amount as amount,
        ad_spend_unioned.impressions,
        ad_spend_unioned.clicks,
        ad_spend_unioned.spend_date as cost_date
    from ad_spend_unioned
    left join ad_platform_channels
        on ad_spend_unioned.ad_platform = ad_platform_channels.ad_platform
),

monthly_cost_days as (
    select
        monthly_costs.*,
        {{ date_series(
            'monthly_costs.month_start_date',
            'last_day(monthly_costs.month_start_date)',
            'day'
        ) }} as cost_date,
        last_day(monthly_costs.month_start_date) as month_end_date,
        day(last_day(monthly_costs.month_start_date)) as days_in_month
    from monthly_costs
),

monthly_costs_spread as (
    select
        monthly_cost_id || ':' || cast(cost_date as {{ type_text() }})
            as cost_id,
        'monthly_costs' as cost_source,
        cost_type,
        category,
        channel,
        null as campaign_id,
        null as campaign_name,
        currency,
        case
            when cost_date = month_end_date
                then
                    amount - (days_in_month - 1)
                    * cast(amount / days_in_month as decimal(18, 2))
            else cast(amount / days_in_month as decimal(18, 2))
        end as amount,
        null as impressions,
        null as clicks,
        cost_date
    from monthly_cost_days
),

costs_unioned as (
    select * from ad_spend
    union all
    select * from monthly_costs_spread
),

costs_converted as (
    select
        costs_unioned.cost_id,
        costs_unioned.cost_source,
        costs_unioned.cost_type,
        costs_unioned.category,
        coalesce(costs_unioned.channel, 'unallocated') as channel,
        costs_unioned.campaign_id,
        costs_unioned.campaign_name,
        costs_unioned.currency,
        costs_unioned.amount,
        cast(
            costs_unioned.amount * fx_rates.eur_per_unit as decimal(18, 2)
        ) as amount_eur,
        fx_rates.eur_per_unit is not null as has_fx_rate,
        costs_unioned.impressions,
        costs_unioned.clicks,
        costs_unioned.cost_date
    from costs_unioned
    {{ asof_left_join(
        'fx_rates', 'costs_unioned.cost_date', 'rate_date',
        left_key='costs_unioned.currency', right_key='currency'
    ) }}
)

select * from costs_converted
