{#- One row per raw row that staging leaves out because it fails a row
    check. The checks are the ones the staging models apply (macros in
    macros/quarantine, listed by audited_staging_tables), evaluated again on
    the raw tables, so the two cannot drift apart. Web events (the volume)
    are checked only where stg_web__events holds no row of the same file and
    row number (`checks_unstaged_only`): a row that fails a check is never
    staged, so the result is the same without parsing every raw event again
    each run), and only in files with fewer staged rows than raw rows (the
    clean files are skipped by two counts per file, not a join per row);
    rpt_source_reconciliation still accounts for every raw row. A
    row of a table versioned by file that a later file supersedes is not
    outstanding: it is counted as superseded, not here. -#}
{%- set audited_tables = audited_staging_tables() -%}
-- sqlfluff:indentation:template_blocks_indent:False
with

{% for audited in audited_tables -%}
{%- if audited.checks_unstaged_only %}
{{ audited.table }}_raw_file_rows as (
    select
        _file_sha256,
        count(*) as raw_rows
    from {{ source(audited.source, audited.table) }}
    group by 1
),

{{ audited.table }}_staged_file_rows as (
    select
        _file_sha256,
        count(*) as staged_rows
    from {{ ref(audited.staging) }}
    group by 1
),

{{ audited.table }}_complete_files as (
    {#- Files with as many staged rows as raw rows: every row is staged (a
        staged row is the lineage of one raw row), none to check. -#}
    select raw_files._file_sha256
    from {{ audited.table }}_raw_file_rows as raw_files
    inner join {{ audited.table }}_staged_file_rows as staged_files
        on raw_files._file_sha256 = staged_files._file_sha256
    where raw_files.raw_rows = staged_files.staged_rows
),

{% endif -%}
{{ audited.table }} as (
    select raw_rows.*
    from {{ source(audited.source, audited.table) }} as raw_rows
    {%- if audited.checks_unstaged_only %}
    where
        raw_rows._file_sha256 not in (
            select complete._file_sha256
            from {{ audited.table }}_complete_files as complete
        )
        and not exists (
            select 1 as is_staged
            from {{ ref(audited.staging) }} as staged
            where
                staged._file_sha256 = raw_rows._file_sha256
                and staged._row_number = raw_rows._row_number
        )
    {%- endif %}
),

{{ audited.table }}_checked as (
    select
        _file_sha256,
        _row_number,
        {{ quarantine_checks(audited.checks) }},
        {{ is_superseded_by_later_file(audited.version_key)
            if audited.version_key else 'false' }} as _is_superseded
    from {{ audited.table }}
),

{{ audited.table }}_quarantined as (
    select
        'raw_{{ audited.source }}.{{ audited.table }}' as source_table,
        '{{ audited.staging }}' as staging_model,
        {{ array_element(audited.table ~ '_checked._quarantine', 1) }}
            as reason_code,
        {{ array_element(audited.table ~ '_checked._quarantine', 2) }}
            as reason_detail,
        {{ quarantine_raw_record(audited.table) }} as raw_record,
        {{ audited.table }}._file_name,
        {{ audited.table }}._file_sha256,
        {{ audited.table }}._row_number,
        {{ audited.table }}._loaded_at
    from {{ audited.table }}_checked
    inner join {{ audited.table }}
        on
            {{ audited.table }}_checked._file_sha256
            = {{ audited.table }}._file_sha256
            and {{ audited.table }}_checked._row_number
            = {{ audited.table }}._row_number
    where
        {{ audited.table }}_checked._quarantine is not null
        and not {{ audited.table }}_checked._is_superseded
),

{% endfor -%}
quarantined_rows_unioned as (
    {% for audited in audited_tables -%}
    select * from {{ audited.table }}_quarantined
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

quarantined_rows_keyed as (
    select
        md5(
            concat_ws(
                '|',
                source_table,
                _file_sha256,
                cast(_row_number as {{ type_text() }})
            )
        ) as quarantined_row_id,
        *
    from quarantined_rows_unioned
)

select * from quarantined_rows_keyed
