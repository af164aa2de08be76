{#- The character of the Unicode code point `code_point` (an integer known
    when the SQL is written, e.g. 8239 for U+202F): DuckDB's chr. Spark's
    chr(n) is chr(n % 256), right below 256 only: above, the character
    itself in a string literal (a constant, so it may stand in a `values`
    list; never a quote, whose doubling the spark target's
    escapedStringLiterals keeps as two quotes). -#}
{% macro unicode_char(code_point) -%}
    {{ return(adapter.dispatch(
        'unicode_char', 'revenue_attribution'
    )(code_point)) }}
{%- endmacro %}

{% macro default__unicode_char(code_point) -%}
    {{ exceptions.raise_compiler_error(
        'unicode_char: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__unicode_char(code_point) -%}
    chr({{ code_point }})
{%- endmacro %}

{% macro spark__unicode_char(code_point) -%}
    {%- if code_point | int < 256 -%}
        chr({{ code_point }})
    {%- else -%}
        '{{ '%c' | format(code_point | int) }}'
    {%- endif -%}
{%- endmacro %}
