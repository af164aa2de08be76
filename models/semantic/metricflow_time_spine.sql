-- One row per calendar day: the MetricFlow time spine (day grain). It spans
-- every date a mart can hold: from var `plausible_min_date` to var
-- `plausible_future_days` after today, the range outside which staging
-- quarantines a date (macro is_plausible_date).
with

days as (
    select
        {{ date_series(
            "'" ~ var("plausible_min_date") ~ "'",
            'current_date + ' ~ interval_days(var('plausible_future_days')),
            'day'
        ) }} as date_day
)

select * from days
