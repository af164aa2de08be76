-- Top 10 channels by W-shaped invoiced revenue (EUR, excl. VAT), with
-- their marketing spend and ROI ((revenue - spend) / spend, a ratio: 4.0 =
-- 400 %) under the W-shaped and Markov models side by side, over the whole
-- history. Compile with
-- `dbt compile -s channel_roi_two_models` and run the compiled SQL.
with

channel_performance as (
    select * from {{ ref('rpt_channel_campaign_performance') }}
),

channels_summed as (
    select
        channel,
        sum(spend_eur) filter (
            where attribution_model = 'w_shaped'
        ) as spend_eur,
        sum(attributed_revenue_eur) filter (
            where attribution_model = 'w_shaped'
        ) as w_shaped_revenue_eur,
        sum(attributed_revenue_eur) filter (
            where attribution_model = 'markov'
        ) as markov_revenue_eur
    from channel_performance
    where attribution_model in ('w_shaped', 'markov')
    group by 1
),

channels_ranked as (
    select
        channel,
        round(spend_eur, 2) as spend_eur,
        round(w_shaped_revenue_eur, 2) as w_shaped_revenue_eur,
        round(
            (w_shaped_revenue_eur - spend_eur) / nullif(spend_eur, 0), 2
        ) as w_shaped_roi,
        round(markov_revenue_eur, 2) as markov_revenue_eur,
        round(
            (markov_revenue_eur - spend_eur) / nullif(spend_eur, 0), 2
        ) as markov_roi
    from channels_summed
)

select * from channels_ranked
order by 3 desc
limit 10
