{#- One row per deal and associated company (latest deal snapshot). -#}
{{ crm_association_pairs('deals', 'deal_id', 'companies', 'company_id') }}
