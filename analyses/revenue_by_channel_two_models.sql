-- Invoiced revenue (EUR, excl. VAT) by channel under two attribution models,
-- side by side. Compile with `dbt compile -s revenue_by_channel_two_models`.
select
    channel,
    sum(attributed_revenue_eur) filter (
        where attribution_model = 'linear'
    ) as linear_revenue_eur,
    sum(attributed_revenue_eur) filter (
        where attribution_model = 'w_shaped'
    ) as w_shaped_revenue_eur
from {{ ref('fct_attribution_credits') }}
where conversion_type = 'invoiced_revenue'
group by 1
order by 2 desc
