-- Every conversion is credited under every attribution model (the list
-- of macro attribution_models).
with

models_per_conversion as (
    select
        conversions.conversion_id,
        count(distinct credits.attribution_model) as models
    from {{ ref('int_conversions') }} as conversions
    left join {{ ref('fct_attribution_credits') }} as credits
        on conversions.conversion_id = credits.conversion_id
    group by 1
)

select * from models_per_conversion
where models != {{ attribution_models() | length }}
