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
    select {{ star_except('_quarantine') }}
    from monthly_costs_parsed
    where _quarantine is null
),

monthly_costs_deduplicated as (
    {#- The most recently loaded file carrying a cost line wins, with all
        its lines of that month, type, category, channel and description:
        two lines of one sheet with the same label are two costs. -#}
    {{ dedupe_latest(
        'monthly_costs_valid',
        partition_by=[
            'month_start_date',
            'cost_type',
            'category',
            'channel',
            'description',
        ],
        keep_file_rows=true,
    ) }}
),

monthly_costs_numbered as (
    select
        *,
        row_number() over (
            partition by
                month_start_date, cost_type, category, channel, description
            order by _row_number
        ) as cost_line_number
    from monthly_costs_deduplicated
),

monthly_costs_keyed as (
    select
        md5(
            concat_ws(
                '|',
                cast(month_start_date as {{ type_text() }}),
                cost_type,
                category,
                coalesce(channel, ''),
                coalesce(description, ''),
                cast(cost_line_number as {{ type_text() }})
            )
        ) as monthly_cost_id,
        cost_line_number,
        {{ star_except('cost_line_number') }}
    from monthly_costs_numbered
)

select * from monthly_costs_keyed
