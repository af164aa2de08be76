{#- The one list of attribution models fct_attribution_credits computes,
    in the order reports show them. The credits model, its tests and the
    revenue marts read it; adding a model means adding its weight column to
    fct_attribution_credits and its name here. -#}
{% macro attribution_models() -%}
    {{ return([
        'first_touch', 'last_touch', 'last_non_direct', 'linear',
        'u_shaped', 'w_shaped', 'full_path', 'time_decay', 'markov',
        'shapley',
    ]) }}
{%- endmacro %}

{#- The models the revenue marts report side by side: var
    `revenue_attribution_models`, `all` (default) for every model of
    attribution_models(), or a list of some of them. An unknown name stops
    the build with a message naming it and the known models. -#}
{% macro revenue_attribution_models() -%}
    {%- set chosen = var('revenue_attribution_models', 'all') -%}
    {%- if chosen == 'all' -%}
        {{ return(attribution_models()) }}
    {%- endif -%}
    {%- if chosen is string -%}
        {%- set chosen = chosen.split(',') | map('trim') | list -%}
    {%- endif -%}
    {#- (sqlfluff's linter renders var() as a placeholder and has no
        `exceptions`: the check runs under dbt only) -#}
    {%- for model in chosen if exceptions is defined -%}
        {%- if model not in attribution_models() -%}
            {{ exceptions.raise_compiler_error(
                "var revenue_attribution_models: unknown attribution model '"
                ~ model ~ "'; known models: "
                ~ attribution_models() | join(', ')
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(chosen) }}
{%- endmacro %}
