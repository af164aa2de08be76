-- rpt_customer_lifetime_value holds every acquired customer once and all
-- their invoiced revenue: its cohort sizes add up to the accounts that won
-- a new-business deal, and its revenue to the revenue invoiced to them.
with

acquired_accounts as (
    select distinct conversions.account_id
    from {{ ref('int_conversions') }} as conversions
    inner join {{ ref('stg_crm__deals') }} as deals
        on conversions.deal_id = deals.deal_id
    where
        conversions.conversion_type = 'closed_won'
        and deals.is_new_business
        and conversions.account_id is not null
),

acquired_revenue as (
    select
        count(distinct acquired_accounts.account_id) as customers,
        sum(conversions.revenue_eur) as revenue_eur
    from acquired_accounts
    left join {{ ref('int_conversions') }} as conversions
        on
            acquired_accounts.account_id = conversions.account_id
            and conversions.conversion_type = 'invoiced_revenue'
),

lifetime_value as (
    select
        sum(cohort_customers) filter (where months_since_acquisition = 0)
            as customers,
        sum(revenue_eur) as revenue_eur
    from {{ ref('rpt_customer_lifetime_value') }}
)

select
    lifetime_value.customers,
    acquired_revenue.customers as acquired_customers,
    lifetime_value.revenue_eur,
    acquired_revenue.revenue_eur as acquired_revenue_eur
from lifetime_value
cross join acquired_revenue
where
    coalesce(lifetime_value.customers, 0) != acquired_revenue.customers
    or abs(
        coalesce(lifetime_value.revenue_eur, 0)
        - coalesce(acquired_revenue.revenue_eur, 0)
    ) >= 0.005
