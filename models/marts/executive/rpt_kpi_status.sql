-- One row per quarter and KPI with a target (seed kpi_targets): the actual
-- value, the target (pro-rated to the days elapsed for cumulative KPIs of
-- the quarter in progress), the attainment and an on_track / at_risk /
-- off_track status from the seed's thresholds (a target met when the
-- attainment is undefined, e.g. no spend in a quarter, is on_track).
with

daily_metrics as (
    select * from {{ ref('int_business_metrics_daily') }}
),

account_interactions as (
    select * from {{ ref('int_account_interactions') }}
),

deal_time_to_cash as (
    select * from {{ ref('fct_deal_time_to_cash') }}
),

kpi_targets as (
    select * from {{ ref('kpi_targets') }}
),

data_end as (
    select max(metric_date) as as_of_date
    from daily_metrics
),

quarterly_sums as (
    select
        {{ truncate_date('quarter', 'metric_date') }}
            as quarter_start_date,
        sum(marketing_spend_eur) as marketing_spend_eur,
        sum(sales_costs_eur) as sales_costs_eur,
        sum(leads) as leads,
        sum(pipeline_generated_eur) as pipeline_generated_eur,
        sum(pipeline_won_eur) as pipeline_won_eur,
        sum(new_customers) as new_customers,
        sum(revenue_invoiced_eur) as revenue_invoiced_eur,
        sum(cash_collected_eur) as cash_collected_eur
    from daily_metrics
    group by 1
),

quarterly_engaged_accounts as (
    select
        {{ truncate_date(
            'quarter', reporting_date('touched_at')
        ) }} as quarter_start_date,
        count(distinct account_id) as engaged_accounts
    from account_interactions
    where is_engaged
    group by 1
),

quarterly_time_to_cash as (
    select
        {{ truncate_date('quarter', 'first_paid_date') }}
            as quarter_start_date,
        median(days_first_touch_to_first_payment)
            as median_days_first_touch_to_cash
    from deal_time_to_cash
    where first_paid_date is not null
    group by 1
),

quarterly_actuals as (
    select
        quarterly_sums.quarter_start_date,
        cast(quarterly_sums.marketing_spend_eur as double)
            as marketing_spend_eur,
        cast(quarterly_sums.leads as double) as leads,
        cast(coalesce(quarterly_engaged_accounts.engaged_accounts, 0) as double)
            as engaged_accounts,
        cast(quarterly_sums.pipeline_generated_eur as double)
            as pipeline_generated_eur,
        cast(quarterly_sums.pipeline_won_eur as double) as pipeline_won_eur,
        cast(quarterly_sums.new_customers as double) as new_customers,
        cast(quarterly_sums.revenue_invoiced_eur as double)
            as revenue_invoiced_eur,
        cast(quarterly_sums.cash_collected_eur as double)
            as cash_collected_eur,
        cast(
            {{ divide(
                '(quarterly_sums.marketing_spend_eur'
                ~ ' + quarterly_sums.sales_costs_eur)',
                'nullif(quarterly_sums.new_customers, 0)'
            ) }} as double
        ) as cac_eur,
        cast(
            {{ divide(
                '(quarterly_sums.revenue_invoiced_eur'
                ~ ' - quarterly_sums.marketing_spend_eur)',
                'nullif(quarterly_sums.marketing_spend_eur, 0)'
            ) }} as double
        ) as marketing_roi,
        cast(quarterly_time_to_cash.median_days_first_touch_to_cash as double)
            as median_days_first_touch_to_cash
    from quarterly_sums
    left join quarterly_engaged_accounts
        on
            quarterly_sums.quarter_start_date
            = quarterly_engaged_accounts.quarter_start_date
    left join quarterly_time_to_cash
        on
            quarterly_sums.quarter_start_date
            = quarterly_time_to_cash.quarter_start_date
),

actuals_unpivoted as (
    -- one row per quarter and KPI with a value (null values are left out)
    select
        quarter_start_date,
        kpi,
        actual_value
    from quarterly_actuals
    unpivot (
        actual_value for kpi in (
            marketing_spend_eur,
            leads,
            engaged_accounts,
            pipeline_generated_eur,
            pipeline_won_eur,
            new_customers,
            revenue_invoiced_eur,
            cash_collected_eur,
            cac_eur,
            marketing_roi,
            median_days_first_touch_to_cash
        )
    )
),

targets_typed as (
    select
        kpi,
        cast(
            make_date(
                cast(left(quarter, 4) as integer),
                3 * cast(right(quarter, 1) as integer) - 2,
                1
            ) as date
        ) as quarter_start_date,
        quarter,
        cast(target_value as double) as target_value,
        direction,
        cast(on_track_attainment as double) as on_track_attainment,
        cast(at_risk_attainment as double) as at_risk_attainment
    from kpi_targets
),

targets_with_elapsed as (
    select
        targets_typed.*,
        targets_typed.kpi in (
            'marketing_spend_eur',
            'leads',
            'engaged_accounts',
            'pipeline_generated_eur',
            'pipeline_won_eur',
            'new_customers',
            'revenue_invoiced_eur',
            'cash_collected_eur'
        ) as is_cumulative,
        cast(
            targets_typed.quarter_start_date + interval 3 month - interval 1 day
            as date
        ) as quarter_end_date,
        data_end.as_of_date
    from targets_typed
    cross join data_end
),

targets_prorated as (
    select
        *,
        case
            when as_of_date >= quarter_end_date then 1.0
            when as_of_date < quarter_start_date then 0.0
            else
                (
                    {{ calendar_diff(
                        'day', 'quarter_start_date', 'as_of_date'
                    ) }}
                    + 1
                )
                / (
                    {{ calendar_diff(
                        'day', 'quarter_start_date', 'quarter_end_date'
                    ) }}
                    + 1
                )
        end as share_of_quarter_elapsed
    from targets_with_elapsed
),

targets_joined_to_actuals as (
    select
        targets_prorated.quarter,
        targets_prorated.kpi,
        targets_prorated.quarter_start_date,
        targets_prorated.quarter_end_date,
        targets_prorated.direction,
        targets_prorated.is_cumulative,
        targets_prorated.share_of_quarter_elapsed,
        targets_prorated.target_value,
        case
            when targets_prorated.is_cumulative
                then
                    targets_prorated.target_value
                    * targets_prorated.share_of_quarter_elapsed
            else targets_prorated.target_value
        end as target_to_date,
        actuals_unpivoted.actual_value,
        targets_prorated.on_track_attainment,
        targets_prorated.at_risk_attainment
    from targets_prorated
    left join actuals_unpivoted
        on
            targets_prorated.kpi = actuals_unpivoted.kpi
            and targets_prorated.quarter_start_date
            = actuals_unpivoted.quarter_start_date
),

attainment as (
    select
        *,
        case
            when direction = 'higher_is_better'
                then {{ divide('actual_value', 'nullif(target_to_date, 0)') }}
            else {{ divide('target_to_date', 'nullif(actual_value, 0)') }}
        end as attainment
    from targets_joined_to_actuals
),

statuses as (
    -- attainment is undefined when its divisor is 0 (a lower-is-better
    -- KPI at 0, such as no spend in a quarter, or a target of 0): the
    -- status then compares the actual with the target directly, and a
    -- target met is on track
    select
        *,
        case
            when share_of_quarter_elapsed = 0 then 'not_started'
            when actual_value is null then 'no_data'
            when attainment >= on_track_attainment then 'on_track'
            when attainment >= at_risk_attainment then 'at_risk'
            when
                attainment is null
                and direction = 'higher_is_better'
                and actual_value >= target_to_date
                then 'on_track'
            when
                attainment is null
                and direction = 'lower_is_better'
                and actual_value <= target_to_date
                then 'on_track'
            else 'off_track'
        end as status
    from attainment
)

select * from statuses
