-- Two synonym rows whose raw values are equal once cleaned (e.g.
-- 'LinkedIn.com' and 'linkedin.com ') would duplicate events in
-- stg_web__events; one row per key after cleaning.
with

utm_source_synonyms as (
    select * from {{ ref('utm_source_synonyms') }}
),

utm_medium_synonyms as (
    select * from {{ ref('utm_medium_synonyms') }}
),

synonym_keys as (
    select
        'utm_source_synonyms' as seed_name,
        {{ utm_clean('raw_value', decode=false) }} as cleaned_raw_value
    from utm_source_synonyms
    union all
    select
        'utm_medium_synonyms' as seed_name,
        {{ utm_clean('raw_value', decode=false) }} as cleaned_raw_value
    from utm_medium_synonyms
),

duplicated_keys as (
    select
        seed_name,
        cleaned_raw_value,
        count(*) as row_count
    from synonym_keys
    group by 1, 2
    having count(*) > 1
)

select * from duplicated_keys
