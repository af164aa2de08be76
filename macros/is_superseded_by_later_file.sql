{#- True when a later loaded file also lists the same business key `key`
    (SQL expression on the raw row): the row is an older version of that
    document and the later file supersedes it, whatever either row holds
    (a bad row corrected in a later export is superseded, not
    quarantined). "Later" is the order of dedupe_latest: `_loaded_at`,
    then file name, then file hash. False for a blank key. Window
    function: use it in a select list over the raw table. -#}
{% macro is_superseded_by_later_file(key) -%}
    coalesce(
        nullif({{ key }}, '') is not null
        and rank() over (
            partition by nullif({{ key }}, '')
            order by _loaded_at desc, _file_name desc, _file_sha256 desc
        ) > 1,
        false
    )
{%- endmacro %}
