{#- Journeys per distinct channel set and outcome (int_channel_shapley_values
    reads them for the journey_count game). A journey's channels are
    grouped first, so the sorted array holds each channel once. -#}
with

attribution_paths as (
    select * from {{ ref('int_attribution_paths') }}
),

journey_channels as (
    select
        conversion_type,
        journey_id,
        channel,
        bool_or(is_converted) as is_converted
    from attribution_paths
    group by 1, 2, 3
),

journeys as (
    select
        conversion_type,
        journey_id,
        {{ sorted_array_agg('channel') }} as channel_set,
        bool_or(is_converted) as is_converted
    from journey_channels
    group by 1, 2
),

channel_sets_counted as (
    select
        conversion_type,
        channel_set,
        is_converted,
        count(*) as journey_count
    from journeys
    group by 1, 2, 3
)

select * from channel_sets_counted
