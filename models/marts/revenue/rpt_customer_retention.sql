-- One row per month, from the first invoiced month to the last month with
-- data: customers at the start and at the end of the month, new,
-- reactivated, retained and churned customers, and the retention rate.
-- A customer is active at the end of a month when it has an invoice (not a
-- credit note) issued in the trailing `revenue_retention_active_months`
-- months (that month included). Customer = the customer_id of the
-- invoice's deal (its CRM account, else the deal: the definition of
-- int_customers_acquired), else the invoice's customer domain, else the
-- invoice itself. New = invoiced for the first time (acquisition by a won
-- deal is int_customers_acquired; the first invoice usually follows it).
with

conversions as (
    select * from {{ ref('int_conversions') }}
),

invoices as (
    select * from {{ ref('stg_invoicing__invoices') }}
),

purchases as (
    select
        coalesce(
            {{ customer_id('conversions.account_id', 'conversions.deal_id') }},
            'domain:' || invoices.customer_domain,
            'invoice:' || conversions.invoice_id
        ) as customer_id,
        {{ truncate_date(
            'month', reporting_date('conversions.milestone_at')
        ) }} as purchase_month
    from conversions
    left join invoices
        on conversions.invoice_id = invoices.invoice_id
    where
        conversions.conversion_type = 'invoiced_revenue'
        and conversions.revenue_eur > 0
),

month_bounds as (
    select
        min(purchase_month) as first_month,
        max(purchase_month) as last_month
    from purchases
),

months as (
    select
        {{ date_series(
            'month_bounds.first_month', 'month_bounds.last_month', 'month'
        ) }} as month_start_date
    from month_bounds
),

customer_first_months as (
    select
        customer_id,
        min(purchase_month) as first_purchase_month
    from purchases
    group by 1
),

active_customer_months as (
    -- each invoice keeps its customer active for N months from its month
    select distinct
        purchases.customer_id,
        months.month_start_date
    from purchases
    inner join months
        on
            purchases.purchase_month <= months.month_start_date
            and purchases.purchase_month
            + {{ interval_months(
                'cast(' ~ var('revenue_retention_active_months')
                ~ ' as integer)'
            ) }}
            > months.month_start_date
),

active_customers_flagged as (
    select
        active_customer_months.customer_id,
        active_customer_months.month_start_date,
        previous_month.customer_id is not null as was_active_at_start,
        customer_first_months.first_purchase_month
        = active_customer_months.month_start_date as is_new
    from active_customer_months
    inner join customer_first_months
        on
            active_customer_months.customer_id
            = customer_first_months.customer_id
    left join active_customer_months as previous_month
        on
            active_customer_months.customer_id = previous_month.customer_id
            and active_customer_months.month_start_date
            = cast(previous_month.month_start_date + interval 1 month as date)
),

customers_at_end as (
    select
        month_start_date,
        count(*) as customers_at_end,
        count(*) filter (where was_active_at_start) as retained_customers,
        count(*) filter (where is_new) as new_customers,
        count(*) filter (
            where not was_active_at_start and not is_new
        ) as reactivated_customers
    from active_customers_flagged
    group by 1
),

customers_at_start as (
    select
        cast(month_start_date + interval 1 month as date) as month_start_date,
        count(*) as customers_at_start
    from active_customer_months
    group by 1
),

retention_by_month as (
    select
        coalesce(customers_at_start.customers_at_start, 0)
            as customers_at_start,
        coalesce(customers_at_end.new_customers, 0) as new_customers,
        coalesce(customers_at_end.reactivated_customers, 0)
            as reactivated_customers,
        coalesce(customers_at_end.retained_customers, 0)
            as retained_customers,
        coalesce(customers_at_start.customers_at_start, 0)
        - coalesce(customers_at_end.retained_customers, 0)
            as churned_customers,
        coalesce(customers_at_end.customers_at_end, 0) as customers_at_end,
        (
            coalesce(customers_at_end.customers_at_end, 0)
            - coalesce(customers_at_end.new_customers, 0)
            - coalesce(customers_at_end.reactivated_customers, 0)
        )
        / nullif(customers_at_start.customers_at_start, 0) as retention_rate,
        months.month_start_date
    from months
    left join customers_at_end
        on months.month_start_date = customers_at_end.month_start_date
    left join customers_at_start
        on months.month_start_date = customers_at_start.month_start_date
)

select * from retention_by_month
