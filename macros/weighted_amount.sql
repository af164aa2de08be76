{#- A credit's share of an amount, exact on both engines: the weight (in
    [0, 1], 12 decimals) as decimal(13, 12), the amount (10 decimals, up to
    1e14 EUR) as decimal(24, 10), so that their exact product fits
    decimal(38, 22). Spark rounds a product wider than 38 digits to 6
    decimals (docs/spark_port.md); DuckDB's values are the same either
    way. -#}
{% macro weighted_amount(weight, amount) -%}
    cast(
        cast({{ weight }} as decimal(13, 12))
        * cast({{ amount }} as decimal(24, 10))
        as decimal(38, 22)
    )
{%- endmacro %}
