{#- One row per marketing engagement and associated contact. -#}
{{ crm_association_pairs(
    'marketing_engagements', 'engagement_id', 'contacts', 'contact_id'
) }}
