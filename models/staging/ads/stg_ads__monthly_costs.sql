with

monthly_costs as (
    select * from {{ source('ads', 'monthly_costs') }}
),

monthly_costs_parsed as (
    select
        lower(trim(cost_type)) as cost_type,
        lower(trim(category)) as category,
        nullif(lower(trim(channel)), '') as channel,
        nullif(trim(description), '') as description,
        coalesce(
            nullif(upper(trim(currency)), ''),
            '{{ var("reporting_currency") }}'
        ) as currency,
        {{ parse_decimal('amount') }} as amount,
        {{ parse_date('month', 'YYYY-MM') }} as month_start_date,
        {{ quarantine_checks(monthly_costs_quarantine_checks()) }},
        _file_name,
        _file_sha256,
        _row_number,
        _loaded_at,
        _dlt_load_id,
        _dlt_id
    from monthly_costs
),

monthly_costs_valid as (
    {#- Rows failing a check are in marts.audit.fct_quarantined_rows. -#}
    select * exclude (_quarantine)
    from monthly_costs_parsed
    where _quarantine is null
),

monthly_costs_deduplicated as (
    {{ dedupe_latest(
        'monthly_costs_valid',
        partition_by=[
            'month_start_date',
            'cost_type',
            'category',
            'channel',
            'description',
        ],
    ) }}
),

monthly_costs_keyed as (
    select
        md5(
            concat_ws(
                '|',
                cast(month_start_date as varchar),
                cost_type,
                category,
                coalesce(channel, ''),
                coalesce(description, '')
            )
        ) as monthly_cost_id,
        *
    from monthly_costs_deduplicated
)

select * from monthly_costs_keyed
