{#- Full select statement keeping one row per business key: the first row by
    `order_by` (business ordering, e.g. 'updated_at desc nulls last'), then
    always by the most recently loaded file (`_loaded_at`), file name, file
    hash and row number, so the choice is deterministic. The relation must
    carry the raw lineage columns. Use it as the body of a CTE.
    With `keep_file_rows=true`, every row of that winning file under the key
    is kept (two lines of one file with the same key are two facts; a later
    file carrying the key replaces them all). -#}
{% macro dedupe_latest(relation, partition_by, order_by=none,
    keep_file_rows=false) -%}
    {%- set partition_columns = (
        [partition_by] if partition_by is string else partition_by
    ) -%}
    {%- set business_order = (
        [] if order_by is none
        else ([order_by] if order_by is string else order_by)
    ) -%}
    {%- set lineage_order = [
        '_loaded_at desc',
        '_file_name desc',
        '_file_sha256 desc',
    ] + ([] if keep_file_rows else ['_row_number desc']) -%}
    select *
    from {{ relation }}
    qualify {{ 'rank' if keep_file_rows else 'row_number' }}() over (
        partition by {{ partition_columns | join(', ') }}
        order by {{ (business_order + lineage_order) | join(', ') }}
    ) = 1
{%- endmacro %}
