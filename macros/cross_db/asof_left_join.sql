{#- A left join to the row of `relation` (a CTE name) with the greatest
    `bound` column at or below the left expression `value`, within the rows
    whose `right_key` column equals the left expression `left_key` (both
    optional: no key, one ordered table). Used for the FX rate of a date
    and the t critical value of a degrees of freedom.
    DuckDB: its asof left join. Spark has none: each row's validity
    interval [bound, next bound) from lead(), a range join that matches at
    most one row, as the asof join does (rows with the same key and bound:
    only the last in lead()'s order keeps a non-empty interval, an
    arbitrary one, as in DuckDB). The joined relation gains the column
    asof_next_<bound>; callers select named columns of it, never alias.*. -#}
{% macro asof_left_join(
    relation, value, bound, left_key=none, right_key=none, alias=none
) -%}
    {{ return(adapter.dispatch(
        'asof_left_join', 'revenue_attribution'
    )(
        relation, value, bound, left_key, right_key, alias or relation
    )) }}
{%- endmacro %}

{% macro default__asof_left_join(
    relation, value, bound, left_key, right_key, alias
) -%}
    {{ exceptions.raise_compiler_error(
        'asof_left_join: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__asof_left_join(
    relation, value, bound, left_key, right_key, alias
) -%}
    {%- set alias_clause = '' if alias == relation else ' as ' ~ alias -%}
    {%- set key_match = '' if left_key is none
        else left_key ~ ' = ' ~ alias ~ '.' ~ right_key ~ ' and ' -%}
    asof left join {{ relation }}{{ alias_clause }}
        on {{ key_match }}{{ value }} >= {{ alias }}.{{ bound }}
{%- endmacro %}

{% macro spark__asof_left_join(
    relation, value, bound, left_key, right_key, alias
) -%}
    {%- set next_bound = alias ~ '.asof_next_' ~ bound -%}
    {%- set partition = '' if right_key is none
        else 'partition by ' ~ right_key -%}
    {%- set key_match = '' if left_key is none
        else left_key ~ ' = ' ~ alias ~ '.' ~ right_key ~ ' and ' -%}
    left join (
        select
            {{ relation }}.*,
            lead({{ bound }}) over (
                {{ partition }} order by {{ bound }}
            ) as asof_next_{{ bound }}
        from {{ relation }}
        where {{ bound }} is not null
    ) as {{ alias }}
        on {{ key_match }}{{ value }} >= {{ alias }}.{{ bound }}
        and ({{ value }} < {{ next_bound }} or {{ next_bound }} is null)
{%- endmacro %}
