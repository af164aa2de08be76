-- One row per currency and rate date: the FX seed (a reference table, so a
-- staging model: staging checks and intermediate conversions read the same
-- rates), upper-cased and typed,
-- plus an open-ended EUR = 1 row, ready for an as-of join
-- (`asof left join ... and <date> >= stg_reference__fx_rates.rate_date`).
with

fx_rates as (
    select * from {{ ref('fx_rates') }}
),

rates_typed as (
    select
        upper(currency) as currency,
        cast(rate_date as date) as rate_date,
        cast(eur_per_unit as decimal(18, 8)) as eur_per_unit
    from fx_rates
    where upper(currency) != 'EUR'
    union all
    select
        'EUR' as currency,
        cast('1900-01-01' as date) as rate_date,
        cast(1 as decimal(18, 8)) as eur_per_unit
)

select * from rates_typed
