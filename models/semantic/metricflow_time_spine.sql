-- One row per calendar day: the MetricFlow time spine (day grain). It spans
-- every date a mart can hold: from var `plausible_min_date` to var
-- `plausible_future_days` after today, the range outside which staging
-- quarantines a date (macro is_plausible_date).
with

days as (
    select
        cast(
            unnest(
                generate_series(
                    cast('{{ var("plausible_min_date") }}' as timestamp),
                    cast(current_date as timestamp)
                    + to_days({{ var('plausible_future_days') }}),
                    interval 1 day
                )
            ) as date
        ) as date_day
)

select * from days
