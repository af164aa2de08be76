-- rpt_customer_lifetime_value holds every acquired customer once and all
-- their invoiced revenue: its cohort sizes add up to the customers of
-- int_customers_acquired (the one definition: an account, or a won deal
-- without an account, 'deal:<id>'), and its revenue to the revenue invoiced
-- to them (invoices of the account, or of the account-less deal).
with

customers_acquired as (
    select * from {{ ref('int_customers_acquired') }}
),

conversions as (
    select * from {{ ref('int_conversions') }}
),

lifetime_value as (
    select * from {{ ref('rpt_customer_lifetime_value') }}
),

customer_invoices as (
    select
        {{ customer_id('account_id', 'deal_id') }} as customer_id,
        revenue_eur
    from conversions
    where conversion_type = 'invoiced_revenue'
),

acquired_revenue as (
    select
        count(distinct customers_acquired.customer_id) as customers,
        sum(customer_invoices.revenue_eur) as revenue_eur
    from customers_acquired
    left join customer_invoices
        on customers_acquired.customer_id = customer_invoices.customer_id
),

lifetime_value_totals as (
    select
        sum(cohort_customers) filter (where months_since_acquisition = 0)
            as customers,
        sum(revenue_eur) as revenue_eur
    from lifetime_value
)

select
    lifetime_value_totals.customers,
    acquired_revenue.customers as acquired_customers,
    lifetime_value_totals.revenue_eur,
    acquired_revenue.revenue_eur as acquired_revenue_eur
from lifetime_value_totals
cross join acquired_revenue
where
    coalesce(lifetime_value_totals.customers, 0) != acquired_revenue.customers
    or abs(
        coalesce(lifetime_value_totals.revenue_eur, 0)
        - coalesce(acquired_revenue.revenue_eur, 0)
    ) >= 0.005
