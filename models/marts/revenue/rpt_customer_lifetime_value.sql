-- One row per acquisition channel, acquisition campaign, cohort month and
-- month since acquisition (0 = the cohort month, up to the last month with
-- data): the revenue and margin invoiced to the cohort's customers in that
-- month and cumulated, per customer, and the lifetime value formula
-- LTV = revenue per purchase x purchases per customer-year x expected
-- lifetime years - CAC, computed on what the cohort did so far (purchases
-- per year over the months observed, at least 12, so that a first annual
-- invoice is not extrapolated to 12 a year).
with

attribution_credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

conversions as (
    select * from {{ ref('int_conversions') }}
),

customers_acquired as (
    select * from {{ ref('int_customers_acquired') }}
),

acquisition_costs as (
    select * from {{ ref('rpt_customer_acquisition_cost') }}
),

won_deal_credits as (
    select
        attribution_credits.attribution_model,
        attribution_credits.deal_id,
        attribution_credits.touchpoint_id,
        attribution_credits.channel,
        attribution_credits.utm_campaign,
        attribution_credits.credit_weight,
        {{ customer_id(
            'attribution_credits.account_id', 'attribution_credits.deal_id'
        ) }} as customer_id,
        attribution_credits.touched_at,
        attribution_credits.milestone_at
    from attribution_credits
    where
        attribution_credits.conversion_type = 'closed_won'
        and attribution_credits.is_new_business
        and attribution_credits.attribution_model
        = '{{ var("revenue_ltv_attribution_model") }}'
),

first_won_deals as (
    select
        customer_id,
        deal_id,
        {{ truncate_date('month', 'acquired_date') }} as cohort_month
    from customers_acquired
),

acquisition_touches as (
    -- the touch with the largest credit of the first won deal under the
    -- model of var revenue_ltv_attribution_model (ties: earliest touch)
    select
        first_won_deals.customer_id,
        first_won_deals.cohort_month,
        won_deal_credits.channel as acquisition_channel,
        coalesce(
            {{ campaign_key('won_deal_credits.utm_campaign') }},
            '(no campaign)'
        ) as acquisition_campaign
    from first_won_deals
    inner join won_deal_credits
        on
            first_won_deals.customer_id = won_deal_credits.customer_id
            and first_won_deals.deal_id = won_deal_credits.deal_id
    qualify row_number() over (
        partition by first_won_deals.customer_id
        order by
            won_deal_credits.credit_weight desc,
            won_deal_credits.touched_at asc nulls last,
            won_deal_credits.touchpoint_id asc
    ) = 1
),

as_of as (
    select
        {{ truncate_date(
            'month', 'max(' ~ reporting_date('milestone_at') ~ ')'
        ) }} as as_of_month
    from conversions
),

cohorts as (
    select
        acquisition_channel,
        acquisition_campaign,
        cohort_month,
        count(*) as cohort_customers
    from acquisition_touches
    group by 1, 2, 3
),

cohort_months as (
    select
        cohorts.acquisition_channel,
        cohorts.acquisition_campaign,
        cohorts.cohort_month,
        cohorts.cohort_customers,
        {{ integer_series(
            '0',
            'greatest('
            ~ calendar_diff(
                'month', 'cohorts.cohort_month', 'as_of.as_of_month'
            )
            ~ ', 0)'
        ) }} as months_since_acquisition
    from cohorts
    cross join as_of
),

customer_invoices as (
    -- invoices and credit notes of acquired customers (those of a deal
    -- without an account belong to its customer 'deal:<id>'); an invoice
    -- issued before the acquisition month counts in month 0
    select
        acquisition_touches.acquisition_channel,
        acquisition_touches.acquisition_campaign,
        acquisition_touches.cohort_month,
        greatest(
            {{ calendar_diff(
                'month',
                'acquisition_touches.cohort_month',
                reporting_date('conversions.milestone_at')
            ) }},
            0
        ) as months_since_acquisition,
        conversions.revenue_eur,
        conversions.margin_eur,
        cast(conversions.revenue_eur > 0 as integer) as purchases
    from acquisition_touches
    inner join conversions
        on
            acquisition_touches.customer_id
            = {{ customer_id('conversions.account_id', 'conversions.deal_id') }}
    where conversions.conversion_type = 'invoiced_revenue'
),

invoices_by_month as (
    select
        acquisition_channel,
        acquisition_campaign,
        cohort_month,
        months_since_acquisition,
        sum(revenue_eur) as revenue_eur,
        sum(margin_eur) as margin_eur,
        -- sum() of integer counts is a hugeint in DuckDB: keep bigint
        cast(sum(purchases) as bigint) as purchases
    from customer_invoices
    group by 1, 2, 3, 4
),

cohort_months_invoiced as (
    select
        cohort_months.acquisition_channel,
        cohort_months.acquisition_campaign,
        cohort_months.cohort_month,
        cohort_months.months_since_acquisition,
        cohort_months.cohort_customers,
        coalesce(invoices_by_month.purchases, 0) as purchases,
        coalesce(invoices_by_month.revenue_eur, 0) as revenue_eur,
        coalesce(invoices_by_month.margin_eur, 0) as margin_eur
    from cohort_months
    left join invoices_by_month
        on
            cohort_months.acquisition_channel
            = invoices_by_month.acquisition_channel
            and cohort_months.acquisition_campaign
            = invoices_by_month.acquisition_campaign
            and cohort_months.cohort_month = invoices_by_month.cohort_month
            and cohort_months.months_since_acquisition
            = invoices_by_month.months_since_acquisition
),

cohort_months_cumulated as (
    select
        *,
        cast(sum(purchases) over cohort_window as bigint)
            as cumulative_purchases,
        sum(revenue_eur) over cohort_window as cumulative_revenue_eur,
        sum(margin_eur) over cohort_window as cumulative_margin_eur
    from cohort_months_invoiced
    window cohort_window as (
        partition by acquisition_channel, acquisition_campaign, cohort_month
        order by months_since_acquisition
        rows between unbounded preceding and current row
    )
),

cohort_cac as (
    select
        period_start_date as cohort_month,
        cac_eur
    from acquisition_costs
    where
        period_type = 'month'
        and channel = 'all'
        and attribution_model = '{{ var("revenue_ltv_attribution_model") }}'
),

lifetime_value_formula as (
    select
        cohort_months_cumulated.acquisition_channel,
        cohort_months_cumulated.acquisition_campaign,
        cohort_months_cumulated.months_since_acquisition,
        cohort_months_cumulated.cohort_customers,
        cohort_months_cumulated.purchases,
        cohort_months_cumulated.revenue_eur,
        cohort_months_cumulated.margin_eur,
        cohort_months_cumulated.cumulative_purchases,
        cohort_months_cumulated.cumulative_revenue_eur,
        cohort_months_cumulated.cumulative_margin_eur,
        {{ divide(
            'cohort_months_cumulated.cumulative_revenue_eur',
            'cohort_months_cumulated.cohort_customers'
        ) }} as cumulative_revenue_per_customer_eur,
        {{ divide(
            'cohort_months_cumulated.cumulative_margin_eur',
            'cohort_months_cumulated.cohort_customers'
        ) }} as cumulative_margin_per_customer_eur,
        {{ divide(
            'cohort_months_cumulated.cumulative_revenue_eur',
            'nullif(cohort_months_cumulated.cumulative_purchases, 0)'
        ) }} as average_revenue_per_purchase_eur,
        {{ divide(
            'cohort_months_cumulated.cumulative_purchases',
            '(' ~ divide(
                'cohort_months_cumulated.cohort_customers * greatest('
                ~ 'cohort_months_cumulated.months_since_acquisition + 1, 12)',
                '12.0'
            ) ~ ')'
        ) }} as purchases_per_customer_year,
        cast({{ var('revenue_ltv_expected_lifetime_years') }} as double)
            as expected_lifetime_years,
        cohort_cac.cac_eur,
        cohort_months_cumulated.cohort_month
    from cohort_months_cumulated
    left join cohort_cac
        on cohort_months_cumulated.cohort_month = cohort_cac.cohort_month
),

lifetime_value_computed as (
    select
        *,
        {{ expected_lifetime_revenue(
            'average_revenue_per_purchase_eur', 'purchases_per_customer_year'
        ) }} as expected_lifetime_revenue_eur,
        {{ customer_lifetime_value(
            'average_revenue_per_purchase_eur',
            'purchases_per_customer_year',
            'cac_eur',
        ) }} as customer_lifetime_value_eur
    from lifetime_value_formula
)

select * from lifetime_value_computed
