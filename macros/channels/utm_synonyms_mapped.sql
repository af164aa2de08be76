{#- Select every column of `relation` plus `utm_source` and `utm_medium`:
    the cleaned values (`utm_source_cleaned`, `utm_medium_cleaned`, see
    utm_clean) mapped through the synonym seeds (`utm_source_synonyms`,
    `utm_medium_synonyms`), or kept as they are when no synonym matches.
    Seed keys get the same cleaning as the values (except percent-decoding),
    so a synonym typed 'LinkedIn.com ' still matches. The one place where
    synonyms apply: web events and CRM engagements both read it. -#}
{% macro utm_synonyms_mapped(relation) -%}
    select
        {{ relation }}.*,
        coalesce(
            utm_source_synonyms_cleaned.utm_source,
            {{ relation }}.utm_source_cleaned
        ) as utm_source,
        coalesce(
            utm_medium_synonyms_cleaned.utm_medium,
            {{ relation }}.utm_medium_cleaned
        ) as utm_medium
    from {{ relation }}
    left join (
        select
            {{ utm_clean('raw_value', decode=false) }} as utm_source_cleaned,
            lower(trim(normalised_value)) as utm_source
        from {{ ref('utm_source_synonyms') }}
    ) as utm_source_synonyms_cleaned
        on
            {{ relation }}.utm_source_cleaned
            = utm_source_synonyms_cleaned.utm_source_cleaned
    left join (
        select
            {{ utm_clean('raw_value', decode=false) }} as utm_medium_cleaned,
            lower(trim(normalised_value)) as utm_medium
        from {{ ref('utm_medium_synonyms') }}
    ) as utm_medium_synonyms_cleaned
        on
            {{ relation }}.utm_medium_cleaned
            = utm_medium_synonyms_cleaned.utm_medium_cleaned
{%- endmacro %}
