{#- Journeys in total and per channel (int_channel_markov_removal_effects
    reads them). A journey's distinct channels come from a group by, not
    from a list. -#}
with

attribution_paths as (
    select * from {{ ref('int_attribution_paths') }}
),

journeys as (
    select
        conversion_type,
        journey_id,
        bool_or(is_converted) as is_converted
    from attribution_paths
    group by 1, 2
),

journey_totals as (
    select
        conversion_type,
        count(*) as journeys,
        count(*) filter (where is_converted) as converted_journeys
    from journeys
    group by 1
),

journey_channels as (
    select
        conversion_type,
        journey_id,
        channel
    from attribution_paths
    group by 1, 2, 3
),

channel_journeys as (
    select
        journey_channels.conversion_type,
        journey_channels.channel,
        journeys.is_converted
    from journey_channels
    inner join journeys
        on
            journey_channels.conversion_type = journeys.conversion_type
            and journey_channels.journey_id = journeys.journey_id
),

channel_journeys_counted as (
    select
        conversion_type,
        channel,
        count(*) as journeys_with_channel,
        count(*) filter (
            where is_converted
        ) as converted_journeys_with_channel
    from channel_journeys
    group by 1, 2
),

channel_journeys_joined_to_totals as (
    select
        channel_journeys_counted.conversion_type,
        channel_journeys_counted.channel,
        journey_totals.journeys,
        journey_totals.converted_journeys,
        channel_journeys_counted.journeys_with_channel,
        channel_journeys_counted.converted_journeys_with_channel
    from channel_journeys_counted
    inner join journey_totals
        on
            channel_journeys_counted.conversion_type
            = journey_totals.conversion_type
)

select * from channel_journeys_joined_to_totals
