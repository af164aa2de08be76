{#- The credits model's code and the vars it reads, as an md5 text. With
    it, fct_attribution_credits versions what a conversion's credits under
    one model are computed from (`_inputs_version`, an md5): this version,
    the conversion's row of int_conversions, every row of its journey in
    int_conversion_touchpoints (touches, order, roles, days before the
    journey end; each row by a 64-bit hash of the whole row, macro
    row_hash_text, so a changed row goes unseen with odds of 1 in 2^64)
    and, for the data-driven models (markov, shapley), the fitted game of the
    conversion's game type. The journey is read where it is final: whatever
    changed it (a late or re-sent touch, a device newly mapped to a
    contact, a contact moved to another account, a new lead touch, a deal
    or invoice edited) changes the version. -#}
{% macro attribution_credits_code_version() -%}
    {%- set settings = {
        'code': model.raw_code if model is defined else '',
        'models': attribution_models(),
        'time_decay_half_life_days': var('time_decay_half_life_days'),
        'u_shaped_first_share': var('u_shaped_first_share'),
        'u_shaped_last_share': var('u_shaped_last_share'),
        'w_shaped_milestone_share': var('w_shaped_milestone_share'),
        'full_path_milestone_share': var('full_path_milestone_share'),
    } -%}
    '{{ local_md5(tojson(settings)) if local_md5 is defined else "" }}'
{%- endmacro %}

{#- Pre-hook of fct_attribution_credits: delete the credits of conversions
    int_conversions no longer holds (a deleted deal, a superseded invoice);
    every other (conversion, model) whose inputs changed is replaced by the
    model's delete+insert. -#}
{% macro delete_credits_of_removed_conversions() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where conversion_id not in (
            select conversion_id from {{ ref('int_conversions') }}
        )
    {%- endif -%}
{%- endmacro %}

{#- The (conversion, model, inputs version) triples fct_attribution_credits
    holds, as a query; none in a full build, or when the table predates
    `_inputs_version` (every credit is then computed again). -#}
{% macro stored_credit_input_versions() -%}
    {%- set columns = adapter.get_columns_in_relation(this)
        | map(attribute='name') | list
        if is_incremental() else [] -%}
    {%- if '_inputs_version' in columns -%}
        select distinct conversion_id, attribution_model, _inputs_version
        from {{ this }}
    {%- else -%}
        select
            cast(null as {{ type_text() }}) as conversion_id,
            cast(null as {{ type_text() }}) as attribution_model,
            cast(null as {{ type_text() }}) as _inputs_version
        where false
    {%- endif -%}
{%- endmacro %}
