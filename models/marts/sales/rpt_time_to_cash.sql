-- One row per first-touch channel and region group, plus roll-ups ('all'
-- channels per region group, 'all' regions per channel, and 'all' x
-- 'all'): median and 75th
-- percentile days from the account's first marketing touch to the
-- opportunity, the won close, the first invoice and the first payment, for
-- new-business deals (upsells would measure the age of the customer).
with

deals as (
    select * from {{ ref('fct_deal_time_to_cash') }}
    where is_new_business
),

deals_aggregated as (
    select
        case
            when grouping(first_touch_channel) = 1 then 'all'
            else first_touch_channel
        end as first_touch_channel,
        case
            when grouping(region_group) = 1 then 'all' else region_group
        end as region_group,
        count(*) as deals,
        count(*) filter (where is_won) as won_deals,
        count(*) filter (
            where is_won and first_invoiced_date is not null
        ) as invoiced_deals,
        count(*) filter (
            where is_won and first_paid_date is not null
        ) as paid_deals,
        {#- Durations that only exist for won deals. -#}
        {%- for duration in [
            'days_first_touch_to_close',
            'days_first_touch_to_first_invoice',
            'days_first_touch_to_first_payment',
            'sales_cycle_days',
            'days_opportunity_to_first_payment',
        ] %}
            percentile_cont(0.5) within group (
                order by {{ duration }}
            ) filter (where is_won) as median_{{ duration }},
            percentile_cont(0.75) within group (
                order by {{ duration }}
            ) filter (where is_won) as p75_{{ duration }},
        {%- endfor %}
        percentile_cont(0.5) within group (
            order by days_first_touch_to_opportunity
        ) as median_days_first_touch_to_opportunity,
        percentile_cont(0.75) within group (
            order by days_first_touch_to_opportunity
        ) as p75_days_first_touch_to_opportunity
    from deals
    -- noqa: disable=AM06
    group by grouping sets (
        (first_touch_channel, region_group),
        (region_group),
        (first_touch_channel),
        ()
    )
    -- noqa: enable=AM06
)

select * from deals_aggregated
