-- One row per week (Monday start, reporting timezone): the table the CMO and
-- the CFO read together. Additive measures sum the days of
-- int_business_metrics_daily; engaged accounts are distinct accounts with an
-- engaged interaction in the week; CAC and ROI are given for the week and
-- over the trailing 13 weeks (a quarter), which is what to steer on.
with

daily_metrics as (
    select * from {{ ref('int_business_metrics_daily') }}
),

account_interactions as (
    select * from {{ ref('int_account_interactions') }}
),

companies as (
    select * from {{ ref('stg_crm__companies') }}
),

deal_time_to_cash as (
    select * from {{ ref('fct_deal_time_to_cash') }}
),

weekly_sums as (
    select
        {{ truncate_date('week', 'metric_date') }} as week_start_date,
        count(*) as days_in_data,
        max(data_complete_through_date) as data_complete_through_date,
        sum(marketing_spend_eur) as marketing_spend_eur,
        sum(ad_spend_eur) as ad_spend_eur,
        sum(sales_costs_eur) as sales_costs_eur,
        -- sum() of integer counts is a hugeint in DuckDB: keep bigint
        cast(sum(leads) as bigint) as leads,
        cast(sum(opportunities_created) as bigint) as opportunities_created,
        sum(pipeline_generated_eur) as pipeline_generated_eur,
        cast(sum(deals_won) as bigint) as deals_won,
        sum(pipeline_won_eur) as pipeline_won_eur,
        cast(sum(deals_lost) as bigint) as deals_lost,
        sum(pipeline_lost_eur) as pipeline_lost_eur,
        cast(sum(new_customers) as bigint) as new_customers,
        sum(revenue_invoiced_eur) as revenue_invoiced_eur,
        sum(margin_eur) as margin_eur,
        sum(cash_collected_eur) as cash_collected_eur
    from daily_metrics
    group by 1
),

engaged_accounts as (
    select
        {{ truncate_date(
            'week', reporting_date('account_interactions.touched_at')
        ) }} as week_start_date,
        count(distinct account_interactions.account_id) as engaged_accounts,
        count(distinct account_interactions.account_id) filter (
            where companies.is_target_account
        ) as engaged_target_accounts
    from account_interactions
    left join companies
        on account_interactions.account_id = companies.company_id
    where account_interactions.is_engaged
    group by 1
),

time_to_cash as (
    select
        {{ truncate_date('week', 'first_paid_date') }} as week_start_date,
        count(*) as deals_first_paid,
        median(days_first_touch_to_first_payment)
            as median_days_first_touch_to_cash
    from deal_time_to_cash
    where first_paid_date is not null
    group by 1
),

weeks_joined as (
    select
        weekly_sums.*,
        coalesce(engaged_accounts.engaged_accounts, 0) as engaged_accounts,
        coalesce(engaged_accounts.engaged_target_accounts, 0)
            as engaged_target_accounts,
        coalesce(time_to_cash.deals_first_paid, 0) as deals_first_paid,
        time_to_cash.median_days_first_touch_to_cash
    from weekly_sums
    left join engaged_accounts
        on weekly_sums.week_start_date = engaged_accounts.week_start_date
    left join time_to_cash
        on weekly_sums.week_start_date = time_to_cash.week_start_date
),

trailing_quarter as (
    select
        *,
        sum(marketing_spend_eur + sales_costs_eur) over trailing_13_weeks
            as acquisition_costs_13w_eur,
        sum(new_customers) over trailing_13_weeks as new_customers_13w,
        sum(marketing_spend_eur) over trailing_13_weeks
            as marketing_spend_13w_eur,
        sum(revenue_invoiced_eur) over trailing_13_weeks
            as revenue_invoiced_13w_eur
    from weeks_joined
    window trailing_13_weeks as (
        order by week_start_date
        range between interval 12 weeks preceding and current row
    )
),

ratios as (
    select
        week_start_date,
        cast(week_start_date + interval 6 days as date) as week_end_date,
        days_in_data,
        days_in_data < 7
        or cast(week_start_date + interval 6 days as date)
        > data_complete_through_date as is_partial_week,
        data_complete_through_date,
        marketing_spend_eur,
        ad_spend_eur,
        sales_costs_eur,
        leads,
        engaged_accounts,
        engaged_target_accounts,
        opportunities_created,
        pipeline_generated_eur,
        deals_won,
        pipeline_won_eur,
        deals_lost,
        pipeline_lost_eur,
        new_customers,
        revenue_invoiced_eur,
        margin_eur,
        cash_collected_eur,
        {{ divide(
            '(marketing_spend_eur + sales_costs_eur)',
            'nullif(new_customers, 0)'
        ) }} as cac_eur,
        {{ divide(
            'acquisition_costs_13w_eur', 'nullif(new_customers_13w, 0)'
        ) }} as cac_13w_eur,
        {{ divide(
            '(revenue_invoiced_eur - marketing_spend_eur)',
            'nullif(marketing_spend_eur, 0)'
        ) }} as marketing_roi,
        {{ divide(
            '(revenue_invoiced_13w_eur - marketing_spend_13w_eur)',
            'nullif(marketing_spend_13w_eur, 0)'
        ) }} as marketing_roi_13w,
        deals_first_paid,
        median_days_first_touch_to_cash
    from trailing_quarter
)

select * from ratios
