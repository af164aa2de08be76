-- One row per sales experiment and variant (CRM deal properties
-- experiment_name / experiment_variant): deals, won deals, close rate,
-- average deal size and average sales cycle, and for every variant but the
-- control (var `experiment_control_variant`) the difference with the
-- control and its 95% confidence interval: two-proportion normal
-- approximation (unpooled standard error) for the close rate, Welch's t
-- interval (Welch-Satterthwaite degrees of freedom, seed
-- student_t_critical_values) for the means.
with

deals as (
    select * from {{ ref('fct_deal_time_to_cash') }}
    where experiment_name is not null
),

t_critical_values as (
    select * from {{ ref('student_t_critical_values') }}
),

variants as (
    select
        experiment_name,
        coalesce(experiment_variant, 'unassigned') as experiment_variant,
        count(*) as deals,
        count(*) filter (where is_closed) as closed_deals,
        -- closed deals with a cycle (not closed before created)
        count(sales_cycle_days) filter (where is_closed)
            as timed_closed_deals,
        count(*) filter (where is_won) as won_deals,
        count(*) filter (where is_won) / count(*) as close_rate,
        avg(amount_eur) as average_deal_eur,
        stddev_samp(amount_eur) as stddev_deal_eur,
        avg(amount_eur) filter (where is_won) as average_won_deal_eur,
        avg(sales_cycle_days) filter (where is_closed)
            as average_cycle_days,
        stddev_samp(sales_cycle_days) filter (where is_closed)
            as stddev_cycle_days,
        min(created_date) as first_deal_created_date,
        max(created_date) as last_deal_created_date
    from deals
    group by 1, 2
),

variants_vs_control as (
    select
        variants.*,
        control.experiment_variant as control_variant,
        variants.close_rate - control.close_rate as close_rate_difference,
        sqrt(
            variants.close_rate * (1 - variants.close_rate) / variants.deals
            + control.close_rate * (1 - control.close_rate) / control.deals
        ) as close_rate_standard_error,
        variants.average_deal_eur - control.average_deal_eur
            as average_deal_difference_eur,
        pow(variants.stddev_deal_eur, 2) / variants.deals
            as deal_variance_of_mean,
        pow(control.stddev_deal_eur, 2) / control.deals
            as control_deal_variance_of_mean,
        variants.deals - 1 as deal_degrees_of_freedom_part,
        control.deals - 1 as control_deal_degrees_of_freedom_part,
        variants.average_cycle_days - control.average_cycle_days
            as average_cycle_difference_days,
        pow(variants.stddev_cycle_days, 2) / variants.timed_closed_deals
            as cycle_variance_of_mean,
        pow(control.stddev_cycle_days, 2) / control.timed_closed_deals
            as control_cycle_variance_of_mean,
        variants.timed_closed_deals - 1 as cycle_degrees_of_freedom_part,
        control.timed_closed_deals - 1
            as control_cycle_degrees_of_freedom_part
    from variants
    left join variants as control
        on
            variants.experiment_name = control.experiment_name
            and control.experiment_variant
            = '{{ var("experiment_control_variant") }}'
            and variants.experiment_variant
            != '{{ var("experiment_control_variant") }}'
),

welch_terms as (
    select
        *,
        sqrt(deal_variance_of_mean + control_deal_variance_of_mean)
            as average_deal_standard_error,
        pow(deal_variance_of_mean + control_deal_variance_of_mean, 2) / (
            pow(deal_variance_of_mean, 2)
            / nullif(deal_degrees_of_freedom_part, 0)
            + pow(control_deal_variance_of_mean, 2)
            / nullif(control_deal_degrees_of_freedom_part, 0)
        ) as average_deal_welch_degrees_of_freedom,
        sqrt(cycle_variance_of_mean + control_cycle_variance_of_mean)
            as average_cycle_standard_error,
        pow(cycle_variance_of_mean + control_cycle_variance_of_mean, 2) / (
            pow(cycle_variance_of_mean, 2)
            / nullif(cycle_degrees_of_freedom_part, 0)
            + pow(control_cycle_variance_of_mean, 2)
            / nullif(control_cycle_degrees_of_freedom_part, 0)
        ) as average_cycle_welch_degrees_of_freedom
    from variants_vs_control
),

welch_with_deal_t as (
    select
        welch_terms.*,
        deal_t.t_critical_975 as average_deal_t_critical
    from welch_terms
    {{ asof_left_join(
        't_critical_values',
        'floor(welch_terms.average_deal_welch_degrees_of_freedom + 1e-9)',
        'degrees_of_freedom',
        alias='deal_t'
    ) }}
),

welch_with_t as (
    select
        welch_with_deal_t.*,
        cycle_t.t_critical_975 as average_cycle_t_critical
    from welch_with_deal_t
    {{ asof_left_join(
        't_critical_values',
        'floor(welch_with_deal_t.average_cycle_welch_degrees_of_freedom'
        ~ ' + 1e-9)',
        'degrees_of_freedom',
        alias='cycle_t'
    ) }}
),

results as (
    select
        experiment_name,
        experiment_variant,
        control_variant,
        deals,
        closed_deals,
        won_deals,
        close_rate,
        close_rate_difference,
        round(
            close_rate_difference - 1.959964 * close_rate_standard_error, 6
        ) as close_rate_difference_ci_lower,
        round(
            close_rate_difference + 1.959964 * close_rate_standard_error, 6
        ) as close_rate_difference_ci_upper,
        average_deal_eur,
        stddev_deal_eur,
        average_won_deal_eur,
        average_deal_difference_eur,
        round(average_deal_welch_degrees_of_freedom, 2)
            as average_deal_welch_degrees_of_freedom,
        round(
            average_deal_difference_eur
            - average_deal_t_critical * average_deal_standard_error,
            2
        ) as average_deal_difference_ci_lower_eur,
        round(
            average_deal_difference_eur
            + average_deal_t_critical * average_deal_standard_error,
            2
        ) as average_deal_difference_ci_upper_eur,
        average_cycle_days,
        stddev_cycle_days,
        average_cycle_difference_days,
        round(average_cycle_welch_degrees_of_freedom, 2)
            as average_cycle_welch_degrees_of_freedom,
        round(
            average_cycle_difference_days
            - average_cycle_t_critical * average_cycle_standard_error,
            2
        ) as average_cycle_difference_ci_lower_days,
        round(
            average_cycle_difference_days
            + average_cycle_t_critical * average_cycle_standard_error,
            2
        ) as average_cycle_difference_ci_upper_days,
        close_rate_difference_ci_lower > 0
        or close_rate_difference_ci_upper < 0
            as is_close_rate_difference_significant,
        first_deal_created_date,
        last_deal_created_date
    from welch_with_t
)

select * from results
