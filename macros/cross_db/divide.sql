{#- numerator / denominator as a double, the same number on both engines.
    DuckDB divides decimals as doubles. Spark divides them as a decimal,
    rounded to 6 decimals when the operands are wide (sums of amounts are
    decimal(38, x)): a ratio of ROI, CAC or hours then differed from
    DuckDB's from the 7th decimal, and a cost per euro of a tiny attributed
    revenue by far more. Spark gets the numerator as a double, so the
    division is a double division of the same operands, as in DuckDB.
    Pass a compound numerator in parentheses. -#}
{% macro divide(numerator, denominator) -%}
    {{ return(adapter.dispatch(
        'divide', 'revenue_attribution'
    )(numerator, denominator)) }}
{%- endmacro %}

{% macro default__divide(numerator, denominator) -%}
    {{ exceptions.raise_compiler_error(
        'divide: no implementation for adapter ' ~ adapter.type()
    ) }}
{%- endmacro %}

{% macro duckdb__divide(numerator, denominator) -%}
    {{ numerator }} / {{ denominator }}
{%- endmacro %}

{% macro spark__divide(numerator, denominator) -%}
    cast({{ numerator }} as double) / {{ denominator }}
{%- endmacro %}
