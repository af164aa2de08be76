{#- Campaign key shared by ad platform campaign names and utm_campaign
    values: accents stripped, lower case, every run of non-alphanumerics as
    one '_', trimmed of '_'; null when nothing is left ('FR Search Brand',
    'fr_search_brand ', 'FR-Search-Brand' -> 'fr_search_brand'; 'Février'
    -> 'fevrier'). -#}
{% macro campaign_key(expr) -%}
    {%- set underscored = regex_replace(
        'lower(' ~ strip_accents(expr) ~ ')', "'[^a-z0-9]+'", "'_'", 'g'
    ) -%}
    nullif({{ trim_chars(underscored, "'_'") }}, '')
{%- endmacro %}
