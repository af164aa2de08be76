{#- True when `host` (lowercase, without `www.`, as url_host gives it) is
    one of the site's own hosts, var `site_hosts` (a list such as
    ['facturo.fr', 'facturo.com'], or a comma-separated string), or a
    subdomain of one (app.facturo.fr, blog.facturo.fr). A referrer on the
    site itself is internal navigation, never a referral: the one setting a
    new user must change for web channels (README, "Bring your own
    exports"). -#}
{% macro is_site_host(host) -%}
    {%- set site_hosts = var('site_hosts') -%}
    {%- if site_hosts is string -%}
        {%- set site_hosts = site_hosts.split(',') -%}
    {%- endif -%}
    {%- set conditions = [] -%}
    {%- for site_host in site_hosts -%}
        {%- set bare = site_host | trim | lower | replace("'", "") -%}
        {%- set bare = bare[4:] if bare.startswith('www.') else bare -%}
        {%- do conditions.append(
            host ~ " = '" ~ bare ~ "' or "
            ~ text_ends_with(host, "'." ~ bare ~ "'")
        ) -%}
    {%- endfor -%}
    ({{ conditions | join(' or ') if conditions else 'false' }})
{%- endmacro %}
