-- One row per conversion, touchpoint and attribution model: the credit
-- weight of the touch (weights sum to 1 per conversion and model) and the
-- pipeline, booked amount, revenue, margin and cash it earns. A conversion
-- without any touch in its window gets one 'unattributed' row per model;
-- under the shapley model a conversion with touches also gets one
-- 'baseline' row, the share that the fitted noisy-OR game (two stages for
-- closed-won: deal x win) says would have converted without any touch, so
-- attributed + baseline + unattributed always equals the total.
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy="delete+insert",
    unique_key=["conversion_id", "attribution_model"],
    on_schema_change="append_new_columns",
    pre_hook="{{ delete_credits_of_removed_conversions() }}",
) }}
{#- Incremental: the credits of a conversion under a model are computed
    again only when their inputs changed (`_inputs_version`, see macro
    attribution_credits_code_version): its row, its journey, the code and
    vars, and for markov and shapley the fitted game, which every new
    journey may move, so those two models are computed again for every
    conversion whenever the fit changed. A (conversion, model) is replaced
    whole. -#}
with

conversions as (
    select * from {{ ref('int_conversions') }}
),

conversion_touchpoints as (
    select * from {{ ref('int_conversion_touchpoints') }}
),

markov as (
    select * from {{ ref('int_channel_markov_removal_effects') }}
),

shapley as (
    select * from {{ ref('int_channel_shapley_values') }}
),

game_fits as (
    -- the fitted games, per game (conversion type): md5 of their rows
    select
        conversion_type,
        md5({{ ordered_string_agg('fit_row', "';'", 'fit_row') }})
            as fit_version
    from (
        select
            conversion_type,
            'markov' || {{ row_text('markov') }} as fit_row
        from markov
        union all
        select
            conversion_type,
            'shapley' || {{ row_text('shapley') }} as fit_row
        from shapley
    ) as fit_rows
    -- by name: Spark refuses `group by 1` beside a `*` (row_text)
    group by conversion_type  -- noqa: AM06
),

journey_hashes as (
    -- a journey's touch rows in order, each by a 64-bit hash of the whole
    -- row (text would be 20 KB a journey at 10x the demo)
    select
        conversion_id,
        md5({{ ordered_string_agg(
            row_hash_text('conversion_touchpoints'), "','", 'touchpoint_id'
        ) }}) as journey_hash
    from conversion_touchpoints
    -- by name: Spark refuses `group by 1` beside a `*` (row_text)
    group by conversion_id  -- noqa: AM06
),

conversion_hashes as (
    select
        conversion_id,
        case conversion_type
            when 'invoiced_revenue' then 'closed_won'
            else conversion_type
        end as game_conversion_type,
        md5({{ row_text('conversions') }}) as conversion_hash
    from conversions
),

conversion_versions as (
    select
        conversion_hashes.conversion_id,
        conversion_hashes.game_conversion_type,
        md5(concat_ws(
            '|',
            {{ attribution_credits_code_version() }},
            conversion_hashes.conversion_hash,
            coalesce(journey_hashes.journey_hash, '')
        )) as conversion_version
    from conversion_hashes
    left join journey_hashes
        on conversion_hashes.conversion_id = journey_hashes.conversion_id
),

attribution_model_names as (
    select {{ unnest_strings(attribution_models()) }} as attribution_model
),

credit_inputs as (
    -- one row per conversion and attribution model with the md5 of what
    -- its credits are computed from
    select
        conversion_versions.conversion_id,
        attribution_model_names.attribution_model,
        md5(concat_ws(
            '|',
            conversion_versions.conversion_version,
            case
                when
                    attribution_model_names.attribution_model
                    in ('markov', 'shapley')
                    then coalesce(game_fits.fit_version, '')
                else ''
            end
        )) as _inputs_version
    from conversion_versions
    cross join attribution_model_names
    left join game_fits
        on
            conversion_versions.game_conversion_type
            = game_fits.conversion_type
),

stored_inputs as (
    {{ stored_credit_input_versions() }}
),

credit_units as (
    -- the (conversion, model) pairs this run computes: all of them in a
    -- full build, those whose inputs changed in an incremental run
    select credit_inputs.*
    from credit_inputs
    left join stored_inputs
        on
            credit_inputs.conversion_id = stored_inputs.conversion_id
            and credit_inputs.attribution_model
            = stored_inputs.attribution_model
            and credit_inputs._inputs_version = stored_inputs._inputs_version
    where stored_inputs.conversion_id is null
),

shapley_baselines as (
    -- a one-stage game is a two-stage one whose win stage always wins
    -- (win baseline 1, no win effect)
    select
        conversion_type,
        max(baseline_rate) as baseline_rate,
        coalesce(max(win_baseline_rate), 1) as win_baseline_rate
    from shapley
    group by 1
),

conversions_to_credit as (
    select distinct conversion_id from credit_units
),

conversion_touchpoints_to_credit as (
    select conversion_touchpoints.*
    from conversion_touchpoints
    inner join conversions_to_credit
        on
            conversion_touchpoints.conversion_id
            = conversions_to_credit.conversion_id
),

touches as (
    select
        *,
        -- data-driven weights of invoiced revenue follow the closed-won game
        case conversion_type
            when 'invoiced_revenue' then 'closed_won'
            else conversion_type
        end as game_conversion_type,
        count(*) over (partition by conversion_id, channel)
            as channel_touches_in_journey,
        cast(
            not (
                is_first_touch
                or is_lead_touch
                or is_opportunity_touch
            ) as integer
        ) as is_w_middle,
        cast(
            not (
                is_first_touch
                or is_lead_touch
                or is_opportunity_touch
                or is_closed_won_touch
            ) as integer
        ) as is_full_path_middle
    from conversion_touchpoints_to_credit
),

touches_counted as (
    select
        *,
        sum(is_w_middle) over (partition by conversion_id) as w_middle_touches,
        sum(is_full_path_middle) over (partition by conversion_id)
            as full_path_middle_touches
    from touches
),

raw_weights as (
    select
        touches_counted.conversion_id,
        touches_counted.touchpoint_id,
        touches_counted.channel,
        touches_counted.journey_touches,
        cast(touches_counted.is_first_touch as double) as first_touch,
        cast(touches_counted.is_last_touch as double) as last_touch,
        cast(touches_counted.is_last_non_direct_touch as double)
            as last_non_direct,
        1.0 / touches_counted.journey_touches as linear,
        {{ var('u_shaped_first_share') }}
        * cast(touches_counted.is_first_touch as double)
        + {{ var('u_shaped_last_share') }}
        * cast(touches_counted.is_last_touch as double)
        + case
            when
                touches_counted.journey_touches > 2
                and not touches_counted.is_first_touch
                and not touches_counted.is_last_touch
                then
                    (
                        1 - {{ var('u_shaped_first_share') }}
                        - {{ var('u_shaped_last_share') }}
                    )
                    / (touches_counted.journey_touches - 2)
            else 0
        end as u_shaped,
        {{ var('w_shaped_milestone_share') }} * (
            cast(touches_counted.is_first_touch as double)
            + cast(touches_counted.is_lead_touch as double)
            + cast(touches_counted.is_opportunity_touch as double)
        )
        + case
            when touches_counted.is_w_middle = 1
                then
                    (1 - 3 * {{ var('w_shaped_milestone_share') }})
                    / touches_counted.w_middle_touches
            else 0
        end as w_shaped,
        {{ var('full_path_milestone_share') }} * (
            cast(touches_counted.is_first_touch as double)
            + cast(touches_counted.is_lead_touch as double)
            + cast(touches_counted.is_opportunity_touch as double)
            + cast(touches_counted.is_closed_won_touch as double)
        )
        + case
            when touches_counted.is_full_path_middle = 1
                then
                    (1 - 4 * {{ var('full_path_milestone_share') }})
                    / touches_counted.full_path_middle_touches
            else 0
        end as full_path,
        pow(
            0.5,
            touches_counted.days_before_journey_end
            / {{ var('time_decay_half_life_days') }}
        ) as time_decay,
        coalesce(markov.channel_weight, 0)
        / touches_counted.channel_touches_in_journey as markov,
        coalesce(shapley.channel_weight, 0)
        / touches_counted.channel_touches_in_journey as shapley
    from touches_counted
    left join markov
        on
            touches_counted.game_conversion_type = markov.conversion_type
            and touches_counted.channel = markov.channel
    left join shapley
        on
            touches_counted.game_conversion_type = shapley.conversion_type
            and touches_counted.channel = shapley.channel
),

journey_miss_probabilities as (
    -- probability that none of the journey's touches fires, per stage of
    -- the fitted game: prod over touches of (1 - touch_effect) (deal or
    -- one-stage conversion) and of (1 - win_touch_effect) (win stage)
    select
        touches_counted.conversion_id,
        touches_counted.game_conversion_type,
        exp(sum(ln(1 - coalesce(shapley.touch_effect, 0))))
            as touches_miss_probability,
        exp(sum(ln(1 - coalesce(shapley.win_touch_effect, 0))))
            as win_touches_miss_probability
    from touches_counted
    left join shapley
        on
            touches_counted.game_conversion_type = shapley.conversion_type
            and touches_counted.channel = shapley.channel
    group by 1, 2
),

baseline_shares as (
    -- share of the conversion that would have happened without any touch:
    -- P(no touch) / P(journey), per stage P = 1 - (1 - b) x miss
    -- probability, the stages multiplied: b b_win / (P_deal x P_win)
    select
        journey_miss_probabilities.conversion_id,
        shapley_baselines.baseline_rate
        * shapley_baselines.win_baseline_rate
        / (
            (
                1 - (1 - shapley_baselines.baseline_rate)
                * journey_miss_probabilities.touches_miss_probability
            )
            * (
                1 - (1 - shapley_baselines.win_baseline_rate)
                * journey_miss_probabilities.win_touches_miss_probability
            )
        ) as baseline_share
    from journey_miss_probabilities
    inner join shapley_baselines
        on
            journey_miss_probabilities.game_conversion_type
            = shapley_baselines.conversion_type
    inner join credit_units
        on
            journey_miss_probabilities.conversion_id
            = credit_units.conversion_id
            and credit_units.attribution_model = 'shapley'
    where
        shapley_baselines.baseline_rate
        * shapley_baselines.win_baseline_rate > 0
),

raw_weights_unpivoted as (
    -- one row per touch and model (a null weight is left out)
    select
        conversion_id,
        touchpoint_id,
        channel,
        journey_touches,
        attribution_model,
        raw_weight
    from raw_weights
    unpivot (
        raw_weight for attribution_model in (
            {{ attribution_models() | join(', ') }}
        )
    )
),

raw_weights_to_credit as (
    -- whole (conversion, model) partitions: the windows below are exact
    select raw_weights_unpivoted.*
    from raw_weights_unpivoted
    inner join credit_units
        on
            raw_weights_unpivoted.conversion_id = credit_units.conversion_id
            and raw_weights_unpivoted.attribution_model
            = credit_units.attribution_model
),

weights_normalised as (
    select
        conversion_id,
        touchpoint_id,
        channel,
        attribution_model,
        case
            when
                sum(raw_weight) over (
                    partition by conversion_id, attribution_model
                ) > 0
                then raw_weight / sum(raw_weight) over (
                    partition by conversion_id, attribution_model
                )
            -- a data-driven model that values none of the journey's
            -- channels falls back to linear
            else 1.0 / journey_touches
        end as normalised_weight
    from raw_weights_to_credit
),

weights_with_baseline as (
    -- shapley: the touches share what the baseline leaves
    select
        weights_normalised.conversion_id,
        weights_normalised.touchpoint_id,
        weights_normalised.channel,
        weights_normalised.attribution_model,
        weights_normalised.normalised_weight * case
            when weights_normalised.attribution_model = 'shapley'
                then 1 - coalesce(baseline_shares.baseline_share, 0)
            else 1
        end as weight
    from weights_normalised
    left join baseline_shares
        on weights_normalised.conversion_id = baseline_shares.conversion_id
    union all
    select
        conversion_id,
        'baseline' as touchpoint_id,
        'baseline' as channel,
        'shapley' as attribution_model,
        baseline_share as weight
    from baseline_shares
),

weights_rounded as (
    select
        conversion_id,
        touchpoint_id,
        channel,
        attribution_model,
        cast(weight as decimal(18, 12)) as rounded_weight,
        row_number() over (
            partition by conversion_id, attribution_model
            order by weight desc, touchpoint_id desc
        ) as reverse_rank
    from weights_with_baseline
),

weights_balanced as (
    -- weights are exact decimals: the rounding remainder (a few 1e-12) goes
    -- to the touch with the largest weight (it cannot turn negative) so that
    -- they sum to exactly 1 and amounts reconcile to the cent
    select
        conversion_id,
        touchpoint_id,
        channel,
        attribution_model,
        case
            when reverse_rank = 1
                then
                    1 - (
                        sum(rounded_weight)
                            over (
                                partition by conversion_id, attribution_model
                            )
                        - rounded_weight
                    )
            else rounded_weight
        end as credit_weight
    from weights_rounded
),

credited_conversions as (
    select distinct conversion_id from conversion_touchpoints
),

unattributed as (
    select
        credit_units.conversion_id,
        'unattributed' as touchpoint_id,
        'unattributed' as channel,
        credit_units.attribution_model,
        cast(1 as decimal(18, 12)) as credit_weight
    from credit_units
    left join credited_conversions
        on credit_units.conversion_id = credited_conversions.conversion_id
    where credited_conversions.conversion_id is null
),

credits as (
    select * from weights_balanced
    union all
    select * from unattributed
),

credits_valued as (
    select
        credits.conversion_id,
        credits.touchpoint_id,
        credits.attribution_model,
        conversions.conversion_type,
        conversions.deal_id,
        conversions.invoice_id,
        conversions.account_id,
        conversions.is_new_business,
        credits.channel,
        conversion_touchpoints.channel_group,
        conversion_touchpoints.utm_source,
        conversion_touchpoints.utm_medium,
        conversion_touchpoints.utm_campaign,
        -- weights are rounded to 12 decimals; the remainder's window sum
        -- widened the type to decimal(38, 12): back to the rounded type
        cast(credits.credit_weight as decimal(18, 12)) as credit_weight,
        -- exact weight x amount on both engines (macro weighted_amount)
        {{ weighted_amount(
            'credits.credit_weight', 'conversions.pipeline_eur'
        ) }} as attributed_pipeline_eur,
        {{ weighted_amount('credits.credit_weight', 'conversions.booked_eur') }}
            as attributed_booked_eur,
        {{ weighted_amount(
            'credits.credit_weight', 'conversions.revenue_eur'
        ) }} as attributed_revenue_eur,
        {{ weighted_amount('credits.credit_weight', 'conversions.margin_eur') }}
            as attributed_margin_eur,
        {{ weighted_amount('credits.credit_weight', 'conversions.cash_eur') }}
            as attributed_cash_eur,
        credits.touchpoint_id = 'unattributed' as is_unattributed,
        credits.touchpoint_id = 'baseline' as is_baseline,
        conversions.milestone_at,
        conversions.journey_end_at,
        conversion_touchpoints.touched_at,
        credit_units._inputs_version
    from credits
    inner join conversions
        on credits.conversion_id = conversions.conversion_id
    inner join credit_units
        on
            credits.conversion_id = credit_units.conversion_id
            and credits.attribution_model = credit_units.attribution_model
    left join conversion_touchpoints
        on
            credits.conversion_id = conversion_touchpoints.conversion_id
            and credits.touchpoint_id = conversion_touchpoints.touchpoint_id
)

select * from credits_valued
