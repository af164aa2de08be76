{#- The one definition of a customer: its CRM account, or, for a deal
    without an account (no company), the deal itself as `deal:<deal id>`.
    Read by int_customers_acquired, the CAC, LTV and retention marts and
    their tests, so a won deal without a company is one customer
    everywhere. Null when both are null (an invoice with no deal). -#}
{% macro customer_id(account_id, deal_id) -%}
    coalesce({{ account_id }}, 'deal:' || {{ deal_id }})
{%- endmacro %}
