-- One row per cohort month, first-touch channel, region group and funnel
-- stage (visitor, lead, mql, sql, opportunity, won, invoiced, paid): people
-- that reached the stage (or a later one), the stage-to-stage conversion
-- rate and the median days from the previous stage. The funnel starts where
-- marketers start: every visitor, the anonymous ones (devices never tied to
-- a contact) as aggregate counts, region `unknown`.
{%- set stages = [
    'visit', 'lead', 'mql', 'sql', 'opportunity', 'won', 'invoiced', 'paid'
] %}
with

contact_funnel as (
    select * from {{ ref('fct_contact_funnel') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints_stitched') }}
),

contact_stages as (
    {% for stage in stages -%}
        select
            cohort_month,
            first_touch_channel,
            region_group,
            contact_id,
            '{{ "visitor" if loop.first else stage }}' as funnel_stage,
            {{ loop.index }} as stage_number,
            reached_{{ stage }} as is_reached,
            {% if loop.first -%}
                cast(null as integer) as days_from_previous_stage
            {%- else -%}
                case
                    when
                        {{ stage }}_date
                        >= {{ stages[loop.index0 - 1] }}_date
                        then
                            {{ calendar_diff(
                                'day',
                                stages[loop.index0 - 1] ~ '_date',
                                stage ~ '_date'
                            ) }}
                end as days_from_previous_stage
            {%- endif %}
        from contact_funnel
        {% if not loop.last -%}
            union all
        {% endif -%}
    {% endfor %}
),

contact_stages_counted as (
    select
        cohort_month,
        first_touch_channel,
        region_group,
        funnel_stage,
        stage_number,
        count(*) filter (where is_reached) as reached,
        cast(0 as bigint) as anonymous_visitors,
        median(days_from_previous_stage) as median_days_from_previous_stage
    from contact_stages
    group by 1, 2, 3, 4, 5
),

anonymous_sessions_ranked as (
    -- web sessions of devices never tied to a contact
    select
        anonymous_id,
        channel,
        touched_at,
        row_number() over (
            partition by anonymous_id order by touched_at, touchpoint_id
        ) as session_rank
    from touchpoints
    where touchpoint_source = 'web' and contact_id is null
),

anonymous_visitors as (
    select
        anonymous_id,
        {{ truncate_date(
            'month', reporting_date('touched_at')
        ) }} as cohort_month,
        channel as first_touch_channel,
        'unknown' as region_group
    from anonymous_sessions_ranked
    where session_rank = 1
),

anonymous_cells_counted as (
    select
        cohort_month,
        first_touch_channel,
        region_group,
        count(*) as anonymous_visitors
    from anonymous_visitors
    group by 1, 2, 3
),

anonymous_stages_counted as (
    -- anonymous visitors reach the visitor stage only; the later stages of
    -- their cells hold zero
    {% for stage in stages -%}
        select
            cohort_month,
            first_touch_channel,
            region_group,
            '{{ "visitor" if loop.first else stage }}' as funnel_stage,
            {{ loop.index }} as stage_number,
            {{ 'anonymous_visitors' if loop.first else 'cast(0 as bigint)' }}
                as reached,
            anonymous_visitors,
            cast(null as double) as median_days_from_previous_stage
        from anonymous_cells_counted
        {% if not loop.last -%}
            union all
        {% endif -%}
    {% endfor %}
),

stages_counted as (
    select
        cohort_month,
        first_touch_channel,
        region_group,
        funnel_stage,
        stage_number,
        sum(reached) as reached,
        sum(anonymous_visitors) as anonymous_visitors,
        max(median_days_from_previous_stage)
            as median_days_from_previous_stage
    from (
        {% for cells in ['contact_stages', 'anonymous_stages'] -%}
            select
                cohort_month,
                first_touch_channel,
                region_group,
                funnel_stage,
                stage_number,
                reached,
                anonymous_visitors,
                median_days_from_previous_stage
            from {{ cells }}_counted
            {% if not loop.last -%}
                union all
            {% endif -%}
        {% endfor %}
    ) as cells
    group by 1, 2, 3, 4, 5
),

stages_compared as (
    select
        cohort_month,
        first_touch_channel,
        region_group,
        funnel_stage,
        stage_number,
        cast(reached as bigint) as reached,
        cast(lag(reached) over (
            partition by cohort_month, first_touch_channel, region_group
            order by stage_number
        ) as bigint) as reached_previous_stage,
        cast(first_value(reached) over (
            partition by cohort_month, first_touch_channel, region_group
            order by stage_number
        ) as bigint) as visitors,
        cast(anonymous_visitors as bigint) as anonymous_visitors,
        median_days_from_previous_stage
    from stages_counted
),

stages_rated as (
    select
        *,
        reached / nullif(reached_previous_stage, 0)
            as conversion_rate_from_previous_stage,
        reached / nullif(visitors, 0) as conversion_rate_from_visitor
    from stages_compared
)

select * from stages_rated
