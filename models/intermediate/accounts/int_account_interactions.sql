-- One row per documented interaction of an account (a touchpoint whose
-- source is listed in `abm_engagement_touch_sources`) with the number of the
-- account's interactions in the `abm_engagement_window_days` days ending at
-- it: the account is engaged from the first interaction where that count
-- reaches `abm_engaged_min_interactions`.
with

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
),

interactions as (
    select
        touchpoint_id,
        account_id,
        touchpoint_source,
        touch_type,
        channel,
        touched_at
    from touchpoints
    where
        account_id is not null
        and touchpoint_source in (
            {%- for touch_source in var('abm_engagement_touch_sources') %}
                '{{ touch_source }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
),

interactions_counted as (
    select
        *,
        count(*) over (
            partition by account_id
            order by touched_at
            range between
            interval {{ var('abm_engagement_window_days') }} days preceding
            and current row
        ) as interactions_in_window
    from interactions
),

interactions_flagged as (
    select
        *,
        interactions_in_window >= {{ var('abm_engaged_min_interactions') }}
            as is_engaged
    from interactions_counted
)

select * from interactions_flagged
