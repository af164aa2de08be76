{#- One row per deal and associated contact (latest deal snapshot). -#}
{{ crm_association_pairs('deals', 'deal_id', 'contacts', 'contact_id') }}
