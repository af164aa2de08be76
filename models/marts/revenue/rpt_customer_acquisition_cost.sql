-- One row per period (month and quarter), channel and attribution model:
-- new customers (accounts whose first new-business deal is won in the
-- period, credited to channels by the closed-won credits of that deal),
-- acquisition costs and CAC, with the blended customer lifetime value, the
-- LTV/CAC ratio and the CAC payback in months. Channel rows carry the
-- channel's own marketing costs (ads + costs tagged with the channel); the
-- blended row (channel 'all') carries every marketing and sales cost.
with

channel_performance as (
    select * from {{ ref('rpt_channel_campaign_performance') }}
),

costs_daily as (
    select * from {{ ref('int_costs_daily') }}
),

attribution_credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

conversions as (
    select * from {{ ref('int_conversions') }}
),

customers_acquired as (
    select * from {{ ref('int_customers_acquired') }}
),

won_deal_credits as (
    select
        attribution_credits.attribution_model,
        attribution_credits.deal_id,
        attribution_credits.channel,
        attribution_credits.credit_weight,
        {{ customer_id(
            'attribution_credits.account_id', 'attribution_credits.deal_id'
        ) }} as customer_id,
        attribution_credits.milestone_at
    from attribution_credits
    where
        attribution_credits.conversion_type = 'closed_won'
        and attribution_credits.is_new_business
),

first_won_deals as (
    -- a customer is acquired by its first won new-business deal
    select
        customer_id,
        deal_id,
        acquired_at,
        {{ truncate_date('month', 'acquired_date') }} as acquired_month
    from customers_acquired
),

new_customer_credits as (
    select
        first_won_deals.acquired_month as month_start_date,
        won_deal_credits.channel,
        won_deal_credits.attribution_model,
        sum(won_deal_credits.credit_weight) as new_customers
    from first_won_deals
    inner join won_deal_credits
        on
            first_won_deals.customer_id = won_deal_credits.customer_id
            and first_won_deals.deal_id = won_deal_credits.deal_id
    group by 1, 2, 3
),

channel_marketing_costs as (
    select
        month_start_date,
        channel,
        attribution_model,
        sum(spend_eur) as marketing_cost_eur
    from channel_performance
    group by 1, 2, 3
),

sales_costs as (
    select
        {{ truncate_date('month', 'cost_date') }} as month_start_date,
        sum(amount_eur) as sales_cost_eur
    from costs_daily
    where cost_type = 'sales'
    group by 1
),

attribution_models as (
    select
        {{ unnest_strings(revenue_attribution_models()) }}
            as attribution_model
),

monthly_measures as (
    select
        month_start_date,
        channel,
        attribution_model,
        marketing_cost_eur,
        0 as sales_cost_eur,
        0 as new_customers
    from channel_marketing_costs
    union all
    select
        month_start_date,
        channel,
        attribution_model,
        0 as marketing_cost_eur,
        0 as sales_cost_eur,
        new_customers
    from new_customer_credits
    union all
    select
        month_start_date,
        'all' as channel,
        attribution_model,
        marketing_cost_eur,
        0 as sales_cost_eur,
        0 as new_customers
    from channel_marketing_costs
    union all
    select
        month_start_date,
        'all' as channel,
        attribution_model,
        0 as marketing_cost_eur,
        0 as sales_cost_eur,
        new_customers
    from new_customer_credits
    union all
    select
        sales_costs.month_start_date,
        'all' as channel,
        attribution_models.attribution_model,
        0 as marketing_cost_eur,
        sales_costs.sales_cost_eur,
        0 as new_customers
    from sales_costs
    cross join attribution_models
),

period_measures as (
    select
        'month' as period_type,
        month_start_date as period_start_date,
        channel,
        attribution_model,
        marketing_cost_eur,
        sales_cost_eur,
        new_customers
    from monthly_measures
    union all
    select
        'quarter' as period_type,
        {{ truncate_date('quarter', 'month_start_date') }}
            as period_start_date,
        channel,
        attribution_model,
        marketing_cost_eur,
        sales_cost_eur,
        new_customers
    from monthly_measures
),

periods_summed as (
    select
        period_type,
        period_start_date,
        channel,
        attribution_model,
        sum(marketing_cost_eur) as marketing_cost_eur,
        sum(sales_cost_eur) as sales_cost_eur,
        sum(marketing_cost_eur) + sum(sales_cost_eur) as acquisition_cost_eur,
        sum(new_customers) as new_customers
    from period_measures
    group by 1, 2, 3, 4
),

as_of as (
    -- the last month with data: observation window of the customers
    select
        {{ truncate_date(
            'month', 'max(' ~ reporting_date('milestone_at') ~ ')'
        ) }} as as_of_month
    from conversions
),

customer_invoices as (
    select
        first_won_deals.customer_id,
        sum(conversions.revenue_eur) as revenue_eur,
        sum(conversions.margin_eur) as margin_eur,
        count(*) filter (where conversions.revenue_eur > 0) as purchases
    from first_won_deals
    inner join conversions
        on
            first_won_deals.customer_id
            = {{ customer_id('conversions.account_id', 'conversions.deal_id') }}
    where conversions.conversion_type = 'invoiced_revenue'
    group by 1
),

customers_observed as (
    select
        first_won_deals.customer_id,
        coalesce(customer_invoices.revenue_eur, 0) as revenue_eur,
        coalesce(customer_invoices.margin_eur, 0) as margin_eur,
        coalesce(customer_invoices.purchases, 0) as purchases,
        {{ calendar_diff(
            'month', 'first_won_deals.acquired_month', 'as_of.as_of_month'
        ) }} + 1 as observed_months
    from first_won_deals
    cross join as_of
    left join customer_invoices
        on first_won_deals.customer_id = customer_invoices.customer_id
),

lifetime_value as (
    -- blended over every acquired customer since acquisition:
    -- CLV = revenue per purchase x purchases per customer-year x lifetime
    -- - CAC (macro customer_lifetime_value, shared with the LTV mart)
    select
        {{ divide('sum(revenue_eur)', 'nullif(sum(purchases), 0)') }}
            as average_revenue_per_purchase_eur,
        -- at least 12 months per customer: a first annual invoice is not
        -- extrapolated to 12 purchases a year
        {{ divide(
            'sum(purchases)',
            'nullif('
            ~ divide('sum(greatest(observed_months, 12))', '12.0') ~ ', 0)'
        ) }} as purchases_per_customer_year,
        {{ divide('sum(margin_eur)', 'nullif(sum(observed_months), 0)') }}
            as monthly_margin_per_customer_eur
    from customers_observed
),

acquisition_costs as (
    select
        periods_summed.period_type,
        periods_summed.channel,
        periods_summed.attribution_model,
        periods_summed.marketing_cost_eur,
        periods_summed.sales_cost_eur,
        periods_summed.acquisition_cost_eur,
        periods_summed.new_customers,
        {{ divide(
            'periods_summed.acquisition_cost_eur',
            'nullif(periods_summed.new_customers, 0)'
        ) }} as cac_eur,
        lifetime_value.average_revenue_per_purchase_eur,
        lifetime_value.purchases_per_customer_year,
        lifetime_value.monthly_margin_per_customer_eur,
        {{ expected_lifetime_revenue(
            'lifetime_value.average_revenue_per_purchase_eur',
            'lifetime_value.purchases_per_customer_year',
        ) }} as expected_lifetime_revenue_eur,
        {{ customer_lifetime_value(
            'lifetime_value.average_revenue_per_purchase_eur',
            'lifetime_value.purchases_per_customer_year',
            divide(
                'periods_summed.acquisition_cost_eur',
                'nullif(periods_summed.new_customers, 0)'
            ),
        ) }} as customer_lifetime_value_eur,
        periods_summed.period_start_date
    from periods_summed
    cross join lifetime_value
),

acquisition_costs_with_ratios as (
    select
        *,
        {{ divide('customer_lifetime_value_eur', 'nullif(cac_eur, 0)') }}
            as ltv_to_cac_ratio,
        {{ divide('cac_eur', 'nullif(monthly_margin_per_customer_eur, 0)') }}
            as cac_payback_months
    from acquisition_costs
)

select * from acquisition_costs_with_ratios
