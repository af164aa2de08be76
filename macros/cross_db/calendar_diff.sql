{#- The number of `part` boundaries (day, month, minute or second)
    crossed from `start` to `end` (SQL expressions), negative when `end` is
    earlier:
    DuckDB's date_diff('part', start, end), e.g. 1 month from 31 January to
    1 February. Spark's datediff counts days as DuckDB does, but its
    month and minute differences count elapsed periods (months_between,
    timestampdiff), so those are spelt as calendar arithmetic (UTC
    session: minute boundaries of epoch seconds; seconds as the difference
    of whole epoch seconds, fractions dropped as DuckDB does; timestamps
    after 1970, where both truncate towards the past). -#}
{% macro calendar_diff(part, start, end) -%}
    {{ return(adapter.dispatch(
        'calendar_diff', 'revenue_attribution'
    )(part, start, end)) }}
{%- endmacro %}

{% macro default__calendar_diff(part, start, end) -%}
    {{ exceptions.raise_compiler_error(
        'calendar_diff: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__calendar_diff(part, start, end) -%}
    date_diff('{{ part }}', {{ start }}, {{ end }})
{%- endmacro %}

{% macro spark__calendar_diff(part, start, end) -%}
    {%- if part == 'day' -%}
        datediff({{ end }}, {{ start }})
    {%- elif part == 'month' -%}
        (
            (year({{ end }}) - year({{ start }})) * 12
            + month({{ end }}) - month({{ start }})
        )
    {%- elif part == 'minute' -%}
        (
            unix_seconds({{ end }}) div 60
            - unix_seconds({{ start }}) div 60
        )
    {%- elif part == 'second' -%}
        (unix_seconds({{ end }}) - unix_seconds({{ start }}))
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            'calendar_diff: part ' ~ part ~ ' not implemented on Spark'
        ) }}
    {%- endif -%}
{%- endmacro %}
