-- One row per cohort month, first-touch channel, region group and funnel
-- stage (visit, lead, mql, sql, opportunity, won, invoiced, paid): contacts
-- that reached the stage (or a later one), the stage-to-stage conversion
-- rate and the median days from the previous stage.
{%- set stages = [
    'visit', 'lead', 'mql', 'sql', 'opportunity', 'won', 'invoiced', 'paid'
] %}
with

contact_funnel as (
    select * from {{ ref('fct_contact_funnel') }}
),

contact_stages as (
    {% for stage in stages -%}
        select
            cohort_month,
            first_touch_channel,
            region_group,
            contact_id,
            '{{ stage }}' as funnel_stage,
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
                            date_diff(
                                'day',
                                {{ stages[loop.index0 - 1] }}_date,
                                {{ stage }}_date
                            )
                end as days_from_previous_stage
            {%- endif %}
        from contact_funnel
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
        count(*) filter (where is_reached) as contacts_reached,
        median(days_from_previous_stage) as median_days_from_previous_stage
    from contact_stages
    group by 1, 2, 3, 4, 5
),

stages_compared as (
    select
        cohort_month,
        first_touch_channel,
        region_group,
        funnel_stage,
        stage_number,
        contacts_reached,
        lag(contacts_reached) over (
            partition by cohort_month, first_touch_channel, region_group
            order by stage_number
        ) as contacts_reached_previous_stage,
        first_value(contacts_reached) over (
            partition by cohort_month, first_touch_channel, region_group
            order by stage_number
        ) as contacts_visited,
        median_days_from_previous_stage
    from stages_counted
),

stages_rated as (
    select
        *,
        contacts_reached
        / nullif(contacts_reached_previous_stage, 0)
            as conversion_rate_from_previous_stage,
        contacts_reached / nullif(contacts_visited, 0)
            as conversion_rate_from_visit
    from stages_compared
)

select * from stages_rated
