-- rpt_customer_acquisition_cost: per period and model, the channel rows'
-- new customers and marketing costs add up to the blended ('all') row, and
-- per model the monthly blended new customers add up to the customers of
-- int_customers_acquired (the one definition: an account, or a won deal
-- without an account).
with

acquisition_costs as (
    select * from {{ ref('rpt_customer_acquisition_cost') }}
),

customers_acquired as (
    select * from {{ ref('int_customers_acquired') }}
),

won_new_business as (
    select count(*) as customers
    from customers_acquired
),

channels_summed as (
    select
        period_type,
        period_start_date,
        attribution_model,
        sum(new_customers) filter (where channel != 'all')
            as channel_new_customers,
        sum(new_customers) filter (where channel = 'all')
            as blended_new_customers,
        sum(marketing_cost_eur) filter (where channel != 'all')
            as channel_marketing_cost_eur,
        sum(marketing_cost_eur) filter (where channel = 'all')
            as blended_marketing_cost_eur
    from acquisition_costs
    group by 1, 2, 3
),

models_summed as (
    select
        attribution_model,
        sum(new_customers) as new_customers
    from acquisition_costs
    where period_type = 'month' and channel = 'all'
    group by 1
)

select
    'period' as failure,
    channels_summed.attribution_model,
    channels_summed.period_start_date
from channels_summed
where
    abs(
        coalesce(channels_summed.channel_new_customers, 0)
        - coalesce(channels_summed.blended_new_customers, 0)
    ) >= 0.000001
    or abs(
        coalesce(channels_summed.channel_marketing_cost_eur, 0)
        - coalesce(channels_summed.blended_marketing_cost_eur, 0)
    ) >= 0.005
union all
select
    'total' as failure,
    models_summed.attribution_model,
    null as period_start_date
from models_summed
cross join won_new_business
where abs(models_summed.new_customers - won_new_business.customers) >= 0.000001
