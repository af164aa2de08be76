{#- The one rule for which touches count in attribution: marketing touches,
    plus sales activities (calls, e-mails, meetings) when var
    `attribution_include_sales_touches` is true. A condition on a row of
    int_touchpoints_stitched, read by the conversion journeys, the
    non-converting journeys of the data-driven games and the lead touches.
-#}
{% macro is_attributable_touch() -%}
    (is_marketing or {{ var('attribution_include_sales_touches') }})
{%- endmacro %}
