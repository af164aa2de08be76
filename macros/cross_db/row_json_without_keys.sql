{#- The row of the relation or CTE `alias` as a JSON object text (null
    fields kept), without the keys that match the regular expression
    `key_pattern` (a Jinja string, written into a SQL literal; the common
    RE2 / Java subset, see regex_full_match). DuckDB: the row's JSON cast
    to a map of JSON values, its entries filtered; Spark: the same with
    to_json(struct(alias.*)), a map of variants and map_filter. Values
    keep their JSON types on both; the texts differ in the engines' own
    renderings (timestamps), so compare them parsed. -#}
{% macro row_json_without_keys(alias, key_pattern) -%}
    {{ return(adapter.dispatch(
        'row_json_without_keys', 'revenue_attribution'
    )(alias, key_pattern)) }}
{%- endmacro %}

{% macro default__row_json_without_keys(alias, key_pattern) -%}
    {{ exceptions.raise_compiler_error(
        'row_json_without_keys: no implementation for adapter '
        ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__row_json_without_keys(alias, key_pattern) -%}
    to_json(
        map_from_entries(
            list_filter(
                map_entries(
                    cast(to_json({{ alias }}) as map(varchar, json))
                ),
                lambda entry: not regexp_matches(
                    entry.key, '{{ key_pattern }}'
                )
            )
        )
    )
{%- endmacro %}

{% macro spark__row_json_without_keys(alias, key_pattern) -%}
    to_json(
        map_filter(
            from_json(
                to_json(
                    struct({{ alias }}.*), map('ignoreNullFields', 'false')
                ),
                'map<string,variant>'
            ),
            (entry_key, entry_value) -> not regexp_like(
                entry_key, '{{ key_pattern }}'
            )
        )
    )
{%- endmacro %}
