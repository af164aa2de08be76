-- The shapley 'baseline' rows of new-business opportunities add up to the
-- fitted baseline conversions of the opportunity_created game: at the
-- maximum-likelihood fit, sum over converting journeys of b / P(journey)
-- = b x journeys (the EM fixed point of b), and those conversions' journeys
-- are the game's converting journeys. A drift means fct_attribution_credits
-- and int_channel_shapley_values no longer compute P the same way.
with

baseline_credits as (
    select coalesce(sum(credit_weight), 0) as baseline_conversions
    from {{ ref('fct_attribution_credits') }}
    where
        attribution_model = 'shapley'
        and conversion_type = 'opportunity_created'
        and is_new_business
        and is_baseline
),

fitted as (
    select coalesce(max(baseline_conversions), 0) as baseline_conversions
    from {{ ref('int_channel_shapley_values') }}
    where conversion_type = 'opportunity_created'
)

select
    baseline_credits.baseline_conversions as credited,
    fitted.baseline_conversions as fitted
from baseline_credits
cross join fitted
where
    abs(baseline_credits.baseline_conversions - fitted.baseline_conversions)
    > 0.01
