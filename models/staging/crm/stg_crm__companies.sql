with

companies as (
    select * from {{ source('crm', 'companies') }}
),

companies_parsed as (
    select
        trim(cast(id as {{ type_text() }})) as company_id,
        nullif(trim(name), '') as company_name,
        {{ parse_domain('domain') }} as company_domain,
        nullif(trim(city), '') as city,
        nullif(trim(region), '') as region,
        nullif(lower(trim(industry)), '') as industry,
        {{ parse_integer('numberofemployees') }} as employee_count,
        {{ regex_replace(
            'lower(' ~ strip_accents('region') ~ ')', "'[^a-z]'", "''", 'g'
        ) }}
        in ('iledefrance', 'idf') as is_ile_de_france,
        coalesce({{ parse_boolean('is_target_account') }}, false)
            as is_target_account,
        coalesce({{ parse_boolean('archived') }}, false) as is_archived,
        coalesce(
            {{ parse_timestamp_utc('created_at') }},
            {{ parse_timestamp_utc('createdate') }}
        ) as created_at,
        coalesce(
            {{ parse_timestamp_utc('updated_at') }},
            {{ parse_timestamp_utc('hs_lastmodifieddate') }}
        ) as updated_at,
        {{ quarantine_checks(crm_quarantine_checks()) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from companies
),

companies_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select {{ star_except('_quarantine') }}
    from companies_parsed
    where _quarantine is null
),

companies_deduplicated as (
    {{ dedupe_latest(
        'companies_valid',
        partition_by='company_id',
        order_by='updated_at desc nulls last',
    ) }}
),

companies_with_reporting_dates as (
    select
        company_id,
        company_name,
        company_domain,
        city,
        region,
        industry,
        employee_count,
        is_ile_de_france,
        is_target_account,
        is_archived,
        {{ reporting_date('created_at') }} as created_date,
        created_at,
        updated_at,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from companies_deduplicated
)

select * from companies_with_reporting_dates
