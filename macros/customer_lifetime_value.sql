{#- The one definition of customer lifetime value, read by the CAC and the
    LTV marts: CLV = average revenue per purchase x purchases per
    customer-year x `revenue_ltv_expected_lifetime_years` - CAC (the
    acquisition cost is paid back out of the lifetime revenue). Example:
    425 EUR per purchase x 2 purchases a year x 2 years = 1,700 EUR of
    lifetime revenue; with a CAC of 500 EUR, CLV = 1,200 EUR and LTV/CAC =
    1,200 / 500 = 2.4 (1:2.4). `expected_lifetime_revenue` is the part
    before CAC. -#}
{% macro expected_lifetime_revenue(
    revenue_per_purchase, purchases_per_year
) -%}
    ({{ revenue_per_purchase }} * {{ purchases_per_year }}
    * cast({{ var('revenue_ltv_expected_lifetime_years') }} as double))
{%- endmacro %}

{% macro customer_lifetime_value(
    revenue_per_purchase, purchases_per_year, cac
) -%}
    ({{ expected_lifetime_revenue(revenue_per_purchase, purchases_per_year) }}
    - {{ cac }})
{%- endmacro %}
