with

deals as (
    select * from {{ source('crm', 'deals') }}
),

deals_with_optional_properties as (
    {#- Custom properties absent from every loaded deal are absent from the
        raw table: declared here as null text when missing. -#}
    {{ with_optional_columns(
        'deals',
        source('crm', 'deals'),
        ['experiment_name', 'experiment_variant', 'dealtype'],
    ) }}
),

deals_parsed as (
    select
        trim(cast(id as {{ type_text() }})) as deal_id,
        nullif(trim(dealname), '') as deal_name,
        nullif(lower(trim(pipeline)), '') as pipeline,
        nullif(lower(trim(dealstage)), '') as deal_stage,
        nullif(lower(trim(dealtype)), '') as deal_type,
        coalesce(
            nullif(upper(trim(deal_currency_code)), ''),
            '{{ var("reporting_currency") }}'
        ) as currency,
        nullif(trim(cast(hubspot_owner_id as {{ type_text() }})), '')
            as owner_id,
        nullif(trim(experiment_name), '') as experiment_name,
        nullif(trim(experiment_variant), '') as experiment_variant,
        {{ parse_decimal('amount', decimal_separator='.') }} as amount,
        {{ parse_decimal(
            'hs_deal_stage_probability',
            decimal_separator='.',
            precision=9,
            scale=4,
        ) }} as stage_probability,
        coalesce({{ parse_boolean('archived') }}, false) as is_archived,
        {{ parse_timestamp_utc(deal_created_text()) }} as created_at,
        {#- Optional: an implausible close date is null and flagged. -#}
        {{ parse_timestamp_utc('closedate') }} as close_at,
        {{ is_implausible_date_text('closedate') }}
            as has_implausible_close_date,
        {{ parse_timestamp_utc('updated_at') }} as updated_at,
        associations,
        {{ quarantine_checks(deals_quarantine_checks()) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from deals_with_optional_properties
),

deals_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select {{ star_except('_quarantine') }}
    from deals_parsed
    where _quarantine is null
),

deals_deduplicated as (
    {{ dedupe_latest(
        'deals_valid',
        partition_by='deal_id',
        order_by='updated_at desc nulls last',
    ) }}
),

deals_categorised as (
    select
        *,
        coalesce(deal_stage in ('closedwon', 'closedlost'), false)
            as is_closed,
        coalesce(deal_stage = 'closedwon', false) as is_won,
        -- HubSpot 'existingbusiness' deals are upsells to customers; a deal
        -- without a type is new business (the CRM default).
        coalesce(deal_type, 'newbusiness') != 'existingbusiness'
            as is_new_business,
        -- Flags, not quarantine: such a deal is kept (it is pipeline) and
        -- the chain routes its revenue to 'unattributed'.
        coalesce(
            {{ array_size(
                parse_associations('associations', 'contacts')
            ) }} > 0,
            false
        ) as has_associated_contact,
        coalesce(
            {{ array_size(
                parse_associations('associations', 'companies')
            ) }} > 0,
            false
        ) as has_associated_company
    from deals_deduplicated
),

deals_with_reporting_dates as (
    select
        deal_id,
        deal_name,
        pipeline,
        deal_stage,
        deal_type,
        currency,
        owner_id,
        experiment_name,
        experiment_variant,
        amount,
        stage_probability,
        is_closed,
        is_won,
        is_new_business,
        has_associated_contact,
        has_associated_company,
        {#- Flag, not quarantine: the deal, its stage and amount are true,
            only its cycle is not; cycle-time marts leave it out. -#}
        coalesce(
            is_closed
            and {{ reporting_date('close_at') }}
            < {{ reporting_date('created_at') }},
            false
        ) as has_negative_sales_cycle,
        has_implausible_close_date,
        is_archived,
        {{ reporting_date('created_at') }} as created_date,
        case
            when is_closed
                then
                    {{ reporting_date('close_at') }}
        end as closed_date,
        created_at,
        case when is_closed then close_at end as closed_at,
        case when not is_closed then close_at end as expected_close_at,
        updated_at,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from deals_categorised
)

select * from deals_with_reporting_dates
