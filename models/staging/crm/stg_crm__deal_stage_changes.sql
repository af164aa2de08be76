with

deal_stage_history as (
    select * from {{ source('crm', 'deal_stage_history') }}
),

deal_stage_changes_parsed as (
    select
        trim(cast(deal_id as {{ type_text() }})) as deal_id,
        nullif(lower(trim(dealstage)), '') as deal_stage,
        nullif(lower(trim(source_type)), '') as source_type,
        {{ parse_timestamp_utc(adapter.quote('timestamp')) }} as entered_at,
        {{ quarantine_checks(
            crm_quarantine_checks('deal_id', adapter.quote('timestamp'))
        ) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from deal_stage_history
),

deal_stage_changes_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select {{ star_except('_quarantine') }}
    from deal_stage_changes_parsed
    where _quarantine is null
),

deal_stage_changes_deduplicated as (
    {#- Every snapshot of a deal repeats its whole history. -#}
    {{ dedupe_latest(
        'deal_stage_changes_valid',
        partition_by=['deal_id', 'deal_stage', 'entered_at'],
    ) }}
),

deal_stage_changes_with_reporting_dates as (
    select
        md5(
            concat_ws(
                '|',
                deal_id,
                deal_stage,
                cast(
                    {{ epoch_ms_from_timestamp('entered_at') }}
                    as {{ type_text() }}
                )
            )
        ) as deal_stage_change_id,
        deal_id,
        deal_stage,
        source_type,
        coalesce(deal_stage in ('closedwon', 'closedlost'), false)
            as is_closed_stage,
        {{ reporting_date('entered_at') }} as entered_date,
        entered_at,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from deal_stage_changes_deduplicated
)

select * from deal_stage_changes_with_reporting_dates
