{#- The Markov chain's transition counts (int_channel_markov_removal_effects
    reads them): consecutive repeats of a channel collapsed, every journey
    from '(start)' to '(conversion)' or '(null)' (the Python model's START,
    CONVERSION and NULL states). -#}
with

attribution_paths as (
    select * from {{ ref('int_attribution_paths') }}
),

touches_without_repeats as (
    select
        conversion_type,
        journey_id,
        touch_sequence,
        channel,
        bool_or(is_converted) over (
            partition by conversion_type, journey_id
        ) as is_converted
    from attribution_paths
    qualify
        lag(channel) over (
            partition by conversion_type, journey_id
            order by touch_sequence, channel
        ) is distinct from channel
),

steps_into_channels as (
    select
        conversion_type,
        coalesce(
            lag(channel) over (
                partition by conversion_type, journey_id
                order by touch_sequence, channel
            ),
            '(start)'
        ) as from_state,
        channel as to_state
    from touches_without_repeats
),

steps_into_absorbing_states as (
    select
        conversion_type,
        channel as from_state,
        case
            when is_converted then '(conversion)' else '(null)'
        end as to_state
    from touches_without_repeats
    qualify
        lead(channel) over (
            partition by conversion_type, journey_id
            order by touch_sequence, channel
        ) is null
),

steps_unioned as (
    select * from steps_into_channels
    union all
    select * from steps_into_absorbing_states
),

transitions_counted as (
    select
        conversion_type,
        from_state,
        to_state,
        count(*) as transition_count
    from steps_unioned
    group by 1, 2, 3
)

select * from transitions_counted
