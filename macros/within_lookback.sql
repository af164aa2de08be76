{#- The one definition of the attribution window: true when a touch at
    `touched_at` counts for a milestone at `end_at`, i.e. it happened at or
    before the milestone (never after) and no more than var
    `attribution_lookback_days` before it. Read by the conversion journeys,
    the lead touches and the non-converting journeys of the data-driven
    games. -#}
{% macro within_lookback(touched_at, end_at) -%}
    ({{ touched_at }} <= {{ end_at }}
    and {{ touched_at }} >= {{ end_at }}
    - {{ interval_days(
        'cast(' ~ var('attribution_lookback_days') ~ ' as integer)'
    ) }})
{%- endmacro %}
