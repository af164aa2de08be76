with

contacts as (
    select * from {{ source('crm', 'contacts') }}
),

contacts_parsed as (
    {#- Privacy: the raw email, first name and last name never leave this
        model; downstream models join on email_hash. -#}
    select
        trim(cast(id as {{ type_text() }})) as contact_id,
        {{ parse_email_hash('email') }} as email_hash,
        case
            when
                {{ regex_full_match(
                    'lower(trim(email))',
                    "'[a-z0-9._%+''-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}'"
                ) }}
                then split_part(lower(trim(email)), '@', 2)
        end as email_domain,
        nullif(trim(jobtitle), '') as job_title,
        nullif(lower(trim(lifecyclestage)), '') as lifecycle_stage,
        nullif(lower(trim(hs_lead_status)), '') as lead_status,
        nullif(trim(cast(hubspot_owner_id as {{ type_text() }})), '')
            as owner_id,
        coalesce(
            {{ regex_full_match(
                'lower(trim(email))',
                "'[a-z0-9._%+''-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}'"
            ) }},
            false
        ) as is_valid_email,
        coalesce({{ parse_boolean('archived') }}, false) as is_archived,
        {{ parse_timestamp_utc('hs_lifecyclestage_lead_date') }} as lead_at,
        {{ parse_timestamp_utc(
            'hs_lifecyclestage_marketingqualifiedlead_date'
        ) }} as mql_at,
        {{ parse_timestamp_utc(
            'hs_lifecyclestage_salesqualifiedlead_date'
        ) }} as sql_at,
        {{ parse_timestamp_utc('hs_lifecyclestage_opportunity_date') }}
            as opportunity_at,
        {{ parse_timestamp_utc('hs_lifecyclestage_customer_date') }}
            as customer_at,
        coalesce(
            {{ parse_timestamp_utc('created_at') }},
            {{ parse_timestamp_utc('createdate') }}
        ) as created_at,
        coalesce(
            {{ parse_timestamp_utc('updated_at') }},
            {{ parse_timestamp_utc('lastmodifieddate') }}
        ) as updated_at,
        {{ quarantine_checks(crm_quarantine_checks()) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from contacts
),

contacts_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select {{ star_except('_quarantine') }}
    from contacts_parsed
    where _quarantine is null
),

contacts_deduplicated as (
    {{ dedupe_latest(
        'contacts_valid',
        partition_by='contact_id',
        order_by='updated_at desc nulls last',
    ) }}
),

contacts_with_reporting_dates as (
    select
        contact_id,
        email_hash,
        email_domain,
        job_title,
        lifecycle_stage,
        lead_status,
        owner_id,
        is_valid_email,
        is_archived,
        {{ reporting_date('created_at') }} as created_date,
        lead_at,
        mql_at,
        sql_at,
        opportunity_at,
        customer_at,
        created_at,
        updated_at,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from contacts_deduplicated
)

select * from contacts_with_reporting_dates
