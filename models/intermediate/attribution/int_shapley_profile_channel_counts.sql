{#- Touch-count profiles (int_channel_shapley_values fits its noisy-OR on
    them): a profile is a distinct set of (channel, touches) pairs, numbered
    per conversion type in the order of its channels, then touches (arrays
    compared element by element on both engines). Its channel rows are
    those of its journeys (the same on each), so no array is unnested. -#}
with

attribution_paths as (
    select * from {{ ref('int_attribution_paths') }}
),

journey_channels as (
    select
        conversion_type,
        journey_id,
        channel,
        bool_or(is_converted) as is_converted,
        bool_or(has_deal) as has_deal,
        count(*) as touches
    from attribution_paths
    group by 1, 2, 3
),

journeys as (
    select
        conversion_type,
        journey_id,
        bool_or(is_converted) as is_converted,
        bool_or(has_deal) as has_deal,
        {{ sorted_array_agg('channel') }} as channels,
        {{ ordered_array_agg('touches', 'channel') }} as touches
    from journey_channels
    group by 1, 2
),

journeys_profiled as (
    select
        conversion_type,
        journey_id,
        is_converted,
        has_deal,
        dense_rank() over (
            partition by conversion_type order by channels, touches
        ) as profile_id
    from journeys
),

profiles_counted as (
    select
        conversion_type,
        profile_id,
        count(*) as journeys,
        count(*) filter (where has_deal) as deal_journeys,
        count(*) filter (where is_converted) as converted_journeys
    from journeys_profiled
    group by 1, 2
),

profile_channels as (
    select distinct
        journeys_profiled.conversion_type,
        journeys_profiled.profile_id,
        journey_channels.channel,
        journey_channels.touches
    from journeys_profiled
    inner join journey_channels
        on
            journeys_profiled.conversion_type
            = journey_channels.conversion_type
            and journeys_profiled.journey_id = journey_channels.journey_id
),

profile_channels_joined_to_counts as (
    select
        profile_channels.conversion_type,
        profile_channels.profile_id,
        profile_channels.channel,
        profile_channels.touches,
        profiles_counted.journeys,
        profiles_counted.deal_journeys,
        profiles_counted.converted_journeys
    from profile_channels
    inner join profiles_counted
        on
            profile_channels.conversion_type = profiles_counted.conversion_type
            and profile_channels.profile_id = profiles_counted.profile_id
)

select * from profile_channels_joined_to_counts
