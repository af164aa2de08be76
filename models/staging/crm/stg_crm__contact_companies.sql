{#- One row per contact and associated company (latest contact snapshot,
    same choice as stg_crm__contacts). -#}
{{ crm_association_pairs(
    'contacts',
    'contact_id',
    'companies',
    'company_id',
    updated_at_sql="coalesce("
        ~ parse_timestamp_utc('updated_at') ~ ", "
        ~ parse_timestamp_utc('lastmodifieddate') ~ ")",
) }}
