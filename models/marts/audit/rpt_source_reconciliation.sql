{#- One row per raw table: what became of every line read from its files,
    then of every raw row. From the file log (raw_<family>._file_log, the
    run that read each file): lines read = lines skipped (title, header,
    repeated header, vendor footer, blank, JSON line without row) + lines
    loaded, and the raw rows the log says were loaded are the raw table's.
    Each raw row is then quarantined (in fct_quarantined_rows), staged (its
    file and row are the lineage of a staging row), superseded (valid, and a
    staging row holds the same business key: a newer snapshot or a later
    export won; or, in a table versioned by file, a later file lists its
    key) or unaccounted (lost: a bug). staged_rows counts the staging
    model itself, so a fan-out shows too. -#}
{%- set audited_tables = audited_staging_tables() -%}
{%- set families = audited_tables | map(attribute='source') | unique | list -%}
-- sqlfluff:indentation:template_blocks_indent:False
with

fct_quarantined_rows as (
    select * from {{ ref('fct_quarantined_rows') }}
),

{% for family in families -%}
{{ family }}_file_log as (
    {#- a log written by an earlier version lacks the line columns -#}
    select  -- noqa: LT09
        *
        {%- for column in file_log_missing_columns(
            source(family, 'file_log')
        ) %},
        cast(null as bigint) as {{ column }}
        {%- endfor %}
    from {{ source(family, 'file_log') }}
),

{% endfor -%}
file_logs_unioned as (
    {#- the columns files_read uses, by name: the families' logs may hold
        them in another order (columns added by a later version) -#}
    {% for family in families -%}
    select
        'raw_{{ family }}.' || table_name as source_table,
        run_at,
        file_sha256,
        status,
        rows_loaded,
        skipped_total_rows,
        skipped_header_rows,
        blank_lines,
        lines_read,
        lines_loaded,
        title_lines,
        header_lines,
        no_row_lines
    from {{ family }}_file_log
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

files_read as (
    {#- The run that read each file (a header-only file is read again by
        every run); duplicates, already loaded and ignored files are not
        read. Rows logged before the line columns existed count their rows
        and the skips logged then. -#}
    select
        source_table,
        rows_loaded,
        coalesce(lines_loaded, rows_loaded) as lines_loaded,
        coalesce(
            lines_read,
            rows_loaded + skipped_total_rows + skipped_header_rows
            + blank_lines
        ) as lines_read,
        coalesce(title_lines, 0) as title_lines,
        coalesce(header_lines, 0) as header_lines,
        skipped_header_rows as repeated_header_lines,
        skipped_total_rows as footer_lines,
        blank_lines,
        coalesce(no_row_lines, 0) as no_row_lines
    from file_logs_unioned
    where status in ('loaded', 'empty')
    qualify row_number() over (
        partition by source_table, file_sha256 order by run_at desc
    ) = 1
),

lines_by_source as (
    {#- sums of bigint counts are hugeint in DuckDB: cast back to bigint #}
    select
        source_table,
        count(*) as files_read,
        cast(sum(lines_read) as bigint) as lines_read,
        cast(sum(title_lines) as bigint) as title_lines,
        cast(sum(header_lines) as bigint) as header_lines,
        cast(sum(repeated_header_lines) as bigint) as repeated_header_lines,
        cast(sum(footer_lines) as bigint) as footer_lines,
        cast(sum(blank_lines) as bigint) as blank_lines,
        cast(sum(no_row_lines) as bigint) as no_row_lines,
        cast(
            sum(
                title_lines + header_lines + repeated_header_lines
                + footer_lines + blank_lines + no_row_lines
            ) as bigint
        ) as lines_skipped,
        cast(sum(lines_loaded) as bigint) as lines_loaded,
        cast(sum(rows_loaded) as bigint) as logged_raw_rows
    from files_read
    group by 1
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

{{ audited.table }}_marked as (
    {#- whether the row is staged (its file and row are a staging row's
        lineage): a mark join, no distinct over the staging model -#}
    select
        {{ audited.table }}_keyed.*,
        exists(
            select 1 as is_staged
            from {{ audited.staging }}
            where
                {{ audited.staging }}._file_sha256
                = {{ audited.table }}_keyed._file_sha256
                and {{ audited.staging }}._row_number
                = {{ audited.table }}_keyed._row_number
        ) as is_staged_row
    from {{ audited.table }}_keyed
),

{{ audited.table }}_unstaged as (
    select * from {{ audited.table }}_marked
    where not is_staged_row
),

{{ audited.table }}_staged_keys as (
    {#- only the keys of unstaged rows are looked up (few, for the web
        events: the rows re-sent in a later file) -#}
    select distinct
        {% for column in key_columns -%}
        {{ audited.staging }}.{{ column }},
        {% endfor -%}
        true as is_staged_key
    from {{ audited.staging }}
    where
        exists (
            select 1 as is_unstaged
            from {{ audited.table }}_unstaged
            where
            {% for column in key_columns -%}
                {{ 'and' if not loop.first }}
                {{ audited.table }}_unstaged.{{ column }}
                is not distinct from {{ audited.staging }}.{{ column }}
            {% endfor %}
        )
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
            when {{ audited.table }}_marked.is_staged_row
                then 'staged'
            when {{ audited.table }}_marked.is_superseded_version
                then 'superseded'
            when {{ audited.table }}_staged_keys.is_staged_key
                then 'superseded'
            else 'unaccounted'
        end as outcome
    from {{ audited.table }}_marked
    left join {{ audited.table }}_quarantined_rows
        on
            {{ audited.table }}_marked._file_sha256
            = {{ audited.table }}_quarantined_rows._file_sha256
            and {{ audited.table }}_marked._row_number
            = {{ audited.table }}_quarantined_rows._row_number
    left join {{ audited.table }}_staged_keys
        on
        {% for column in key_columns -%}
            {{ 'and' if not loop.first }}
            {{ audited.table }}_marked.{{ column }}
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

sources_with_lines as (
    select
        sources_reconciled.source_table,
        sources_reconciled.staging_model,
        {% for column in [
            'files_read', 'lines_read', 'title_lines', 'header_lines',
            'repeated_header_lines', 'footer_lines', 'blank_lines',
            'no_row_lines', 'lines_skipped', 'lines_loaded',
            'logged_raw_rows',
        ] -%}
        coalesce(lines_by_source.{{ column }}, 0) as {{ column }},
        {% endfor -%}
        sources_reconciled.raw_rows,
        sources_reconciled.staged_rows,
        sources_reconciled.superseded_rows,
        sources_reconciled.quarantined_rows,
        sources_reconciled.unaccounted_rows
    from sources_reconciled
    left join lines_by_source
        on sources_reconciled.source_table = lines_by_source.source_table
),

sources_checked as (
    select
        *,
        lines_read = lines_skipped + lines_loaded
        and logged_raw_rows = raw_rows
        and raw_rows = staged_rows + superseded_rows + quarantined_rows
        and unaccounted_rows = 0 as is_reconciled
    from sources_with_lines
)

select * from sources_checked
