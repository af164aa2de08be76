-- The daily CMO/CFO measures lose and invent nothing: over all days, costs,
-- revenue, cash, pipeline and new customers equal their sources' totals
-- (to the cent). Returns the measures that differ.
with

daily_metrics as (
    select * from {{ ref('int_business_metrics_daily') }}
),

costs as (
    select * from {{ ref('int_costs_daily') }}
),

invoices as (
    select * from {{ ref('int_invoices_converted_to_eur') }}
),

payments as (
    select * from {{ ref('int_payments_converted_to_eur') }}
),

conversions as (
    select * from {{ ref('int_conversions') }}
),

customers_acquired as (
    select * from {{ ref('int_customers_acquired') }}
),

daily_totals as (
    select
        sum(marketing_spend_eur + sales_costs_eur) as costs_eur,
        sum(revenue_invoiced_eur) as revenue_eur,
        sum(cash_collected_eur) as cash_eur,
        sum(pipeline_generated_eur) as pipeline_eur,
        sum(new_customers) as new_customers
    from daily_metrics
),

cost_totals as (
    select sum(amount_eur) as costs_eur
    from costs
),

invoice_totals as (
    select sum(revenue_eur) as revenue_eur
    from invoices
),

payment_totals as (
    select sum(cash_eur) as cash_eur
    from payments
),

conversion_totals as (
    select
        sum(pipeline_eur) filter (
            where conversion_type = 'opportunity_created'
        ) as pipeline_eur
    from conversions
),

customer_totals as (
    -- the one definition of a customer (a won deal without an account is
    -- its own customer): the days must lose none of them
    select count(*) as new_customers
    from customers_acquired
),

source_totals as (
    select
        cost_totals.costs_eur,
        invoice_totals.revenue_eur,
        payment_totals.cash_eur,
        conversion_totals.pipeline_eur,
        customer_totals.new_customers
    from cost_totals
    cross join invoice_totals
    cross join payment_totals
    cross join conversion_totals
    cross join customer_totals
),

compared as (
    select
        'costs_eur' as measure,
        daily_totals.costs_eur as daily_total,
        source_totals.costs_eur as source_total
    from daily_totals cross join source_totals
    union all
    select
        'revenue_eur' as measure,
        daily_totals.revenue_eur as daily_total,
        source_totals.revenue_eur as source_total
    from daily_totals cross join source_totals
    union all
    select
        'cash_eur' as measure,
        daily_totals.cash_eur as daily_total,
        source_totals.cash_eur as source_total
    from daily_totals cross join source_totals
    union all
    select
        'pipeline_eur' as measure,
        daily_totals.pipeline_eur as daily_total,
        source_totals.pipeline_eur as source_total
    from daily_totals cross join source_totals
    union all
    select
        'new_customers' as measure,
        daily_totals.new_customers as daily_total,
        source_totals.new_customers as source_total
    from daily_totals cross join source_totals
)

select * from compared
where abs(coalesce(daily_total, 0) - coalesce(source_total, 0)) >= 0.005
