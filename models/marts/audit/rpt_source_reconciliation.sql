{#- One row per raw table: what became of every raw row. Each raw row is
    quarantined (in fct_quarantined_rows), staged (its file and row are the
    lineage of a staging row), superseded (valid, and a staging row holds
    the same business key: a newer snapshot or a later export won; or, in
    a table versioned by file, a later file lists its key) or
    unaccounted (lost: a bug). staged_rows counts the staging model itself,
    so a fan-out shows too. -#}
{%- set audited_tables = audited_staging_tables() -%}
-- sqlfluff:indentation:template_blocks_indent:False
with

fct_quarantined_rows as (
    select * from {{ ref('fct_quarantined_rows') }}
),

{% for audited in audited_tables -%}
{%- set key_columns = audited.key.keys() | list -%}
{{ audited.table }} as (
    select * from {{ source(audited.source, audited.table) }}
),

{{ audited.staging }} as (
    select * from {{ ref(audited.staging) }}
),

{{ audited.table }}_keyed as (
    select
        {% for column in key_columns -%}
        {{ audited.key[column] }} as {{ column }},
        {% endfor -%}
        {{ is_superseded_by_later_file(audited.version_key)
            if audited.version_key else 'false' }} as is_superseded_version,
        _file_sha256,
        _row_number
    from {{ audited.table }}
),

{{ audited.table }}_staged_keys as (
    select distinct
        {% for column in key_columns -%}
        {{ column }},
        {% endfor -%}
        true as is_staged_key
    from {{ audited.staging }}
),

{{ audited.table }}_staged_rows as (
    select distinct
        _file_sha256,
        _row_number,
        true as is_staged_row
    from {{ audited.staging }}
),

{{ audited.table }}_quarantined_rows as (
    select
        _file_sha256,
        _row_number,
        true as is_quarantined_row
    from fct_quarantined_rows
    where source_table = 'raw_{{ audited.source }}.{{ audited.table }}'
),

{{ audited.table }}_staged_count as (
    select count(*) as staged_rows
    from {{ audited.staging }}
),

{{ audited.table }}_outcomes as (
    select
        case
            when {{ audited.table }}_quarantined_rows.is_quarantined_row
                then 'quarantined'
            when {{ audited.table }}_staged_rows.is_staged_row
                then 'staged'
            when {{ audited.table }}_keyed.is_superseded_version
                then 'superseded'
            when {{ audited.table }}_staged_keys.is_staged_key
                then 'superseded'
            else 'unaccounted'
        end as outcome
    from {{ audited.table }}_keyed
    left join {{ audited.table }}_quarantined_rows
        on
            {{ audited.table }}_keyed._file_sha256
            = {{ audited.table }}_quarantined_rows._file_sha256
            and {{ audited.table }}_keyed._row_number
            = {{ audited.table }}_quarantined_rows._row_number
    left join {{ audited.table }}_staged_rows
        on
            {{ audited.table }}_keyed._file_sha256
            = {{ audited.table }}_staged_rows._file_sha256
            and {{ audited.table }}_keyed._row_number
            = {{ audited.table }}_staged_rows._row_number
    left join {{ audited.table }}_staged_keys
        on
        {% for column in key_columns -%}
            {{ 'and' if not loop.first }}
            {{ audited.table }}_keyed.{{ column }}
            is not distinct from
            {{ audited.table }}_staged_keys.{{ column }}
        {% endfor %}
),

{{ audited.table }}_reconciled as (
    {#- From the staged count, so that an empty raw table has its row. -#}
    select
        'raw_{{ audited.source }}.{{ audited.table }}' as source_table,
        '{{ audited.staging }}' as staging_model,
        {{ audited.table }}_staged_count.staged_rows,
        count({{ audited.table }}_outcomes.outcome) as raw_rows,
        count(*) filter (
            where {{ audited.table }}_outcomes.outcome = 'superseded'
        ) as superseded_rows,
        count(*) filter (
            where {{ audited.table }}_outcomes.outcome = 'quarantined'
        ) as quarantined_rows,
        count(*) filter (
            where {{ audited.table }}_outcomes.outcome = 'unaccounted'
        ) as unaccounted_rows
    from {{ audited.table }}_staged_count
    left join {{ audited.table }}_outcomes on true
    group by 1, 2, 3
),

{% endfor -%}
sources_reconciled as (
    {% for audited in audited_tables -%}
    select * from {{ audited.table }}_reconciled
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

sources_checked as (
    select
        source_table,
        staging_model,
        raw_rows,
        staged_rows,
        superseded_rows,
        quarantined_rows,
        unaccounted_rows,
        raw_rows = staged_rows + superseded_rows + quarantined_rows
        and unaccounted_rows = 0 as is_reconciled
    from sources_reconciled
)

select * from sources_checked
