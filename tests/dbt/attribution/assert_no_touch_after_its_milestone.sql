-- No credited touch is dated after the end of its conversion's journey, nor
-- before the lookback window.
select
    conversion_id,
    touchpoint_id,
    attribution_model,
    touched_at,
    journey_end_at
from {{ ref('fct_attribution_credits') }}
where
    not is_unattributed
    and not is_baseline
    and (
        touched_at > journey_end_at
        or touched_at < journey_end_at
        - {{ interval_days(
            'cast(' ~ var('attribution_lookback_days') ~ ' as integer)'
        ) }}
    )
