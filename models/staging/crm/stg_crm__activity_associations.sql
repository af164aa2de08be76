with

{{ crm_latest_valid_snapshots('activities', 'activity_id') }}

activity_associations_unnested as (
    select
        activity_id,
        'contact' as object_type,
        {{ unnest_array(parse_associations('associations', 'contacts')) }}
            as association,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from parent_snapshots_deduplicated

    union all

    select
        activity_id,
        'company' as object_type,
        {{ unnest_array(parse_associations('associations', 'companies')) }}
            as association,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from parent_snapshots_deduplicated

    union all

    select
        activity_id,
        'deal' as object_type,
        {{ unnest_array(parse_associations('associations', 'deals')) }}
            as association,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from parent_snapshots_deduplicated
),

activity_associations_renamed as (
    select
        activity_id,
        object_type,
        trim(association['id']) as object_id,
        lower(trim(association['type'])) as association_type,
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from activity_associations_unnested
),

activity_associations_deduplicated as (
    {#- HubSpot lists a pair once per association label: keep one row,
        a labelled type before `..._unlabeled`. -#}
    {{ dedupe_latest(
        'activity_associations_renamed',
        partition_by=['activity_id', 'object_type', 'object_id'],
        order_by=[
            "association_type like '%unlabeled' nulls last",
            'association_type',
        ],
    ) }}
)

select * from activity_associations_deduplicated
