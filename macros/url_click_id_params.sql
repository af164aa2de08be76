{#- Ad click-id query parameters recognised on landing URLs, in order of
    precedence (the first one present gives click_id_type): Google Ads
    (gclid, and gbraid/wbraid on iOS), Google Display & Video 360 (dclid),
    Microsoft Ads (msclkid), LinkedIn Ads (li_fat_id), Meta (fbclid, added
    to every outbound Facebook/Instagram link, paid or not). -#}
{% macro url_click_id_params() -%}
    {{ return([
        'gclid', 'gbraid', 'wbraid', 'dclid', 'msclkid', 'li_fat_id', 'fbclid'
    ]) }}
{%- endmacro %}
