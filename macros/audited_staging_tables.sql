{#- Every dlt-loaded raw table with its staging model, its row checks
    (macros/quarantine) and its business key: the staging key columns and,
    for each, the same expression computed on the raw row. A valid row that
    is not the staged one is "superseded" when a staged row has the same
    key (a newer snapshot, a later export), or when the table is versioned
    by file (`version_key`: see is_superseded_by_later_file) and a later
    file lists its key; any other row is "unaccounted", which fails the
    reconciliation. Read by marts.audit.fct_quarantined_rows
    and rpt_source_reconciliation: add a line when a raw table is added.
    `checks_unstaged_only`: fct_quarantined_rows evaluates the checks only
    on the raw rows that the staging model does not hold (by file and row):
    a row that fails a check is never staged, so the quarantine is the same,
    and the web events (the volume) are not all parsed again every run. -#}
{% macro audited_staging_tables() -%}
    {%- set crm_id = 'trim(cast(id as ' ~ type_text() ~ '))' -%}
    {%- set timestamp_column = adapter.quote('timestamp') -%}
    {%- set payment_id = 'trim(cast(payment_id as ' ~ type_text() ~ '))' -%}
    {{ return([
        {'source': 'ads', 'table': 'google_ads_campaign_daily',
         'staging': 'stg_ads__google_ads_spend',
         'checks': ad_spend_quarantine_checks(
            'cost', 'day', 'YYYY-MM-DD', 'currency_code'),
         'key': {'campaign_id': "nullif(trim(campaign_id), '')",
                 'spend_date': parse_date('day', 'YYYY-MM-DD')}},
        {'source': 'ads', 'table': 'meta_ads_campaign_daily',
         'staging': 'stg_ads__meta_ads_spend',
         'checks': ad_spend_quarantine_checks(
            'amount_spent', 'reporting_starts',
            ['YYYY-MM-DD', 'DD/MM/YYYY'], 'currency'),
         'key': {'campaign_id': "nullif(trim(campaign_id), '')",
                 'spend_date': parse_date(
                    'reporting_starts', ['YYYY-MM-DD', 'DD/MM/YYYY'])}},
        {'source': 'ads', 'table': 'linkedin_ads_campaign_daily',
         'staging': 'stg_ads__linkedin_ads_spend',
         'checks': ad_spend_quarantine_checks(
            'total_spent', 'start_date', 'M/D/YYYY', 'currency'),
         'key': {'campaign_id': "nullif(trim(campaign_id), '')",
                 'spend_date': parse_date('start_date', 'M/D/YYYY')}},
        {'source': 'ads', 'table': 'monthly_costs',
         'staging': 'stg_ads__monthly_costs',
         'checks': monthly_costs_quarantine_checks(),
         'key': {'month_start_date': parse_date('month', 'YYYY-MM'),
                 'cost_type': 'lower(trim(cost_type))',
                 'category': 'lower(trim(category))',
                 'channel': "nullif(lower(trim(channel)), '')",
                 'description': "nullif(trim(description), '')"}},
        {'source': 'crm', 'table': 'companies',
         'staging': 'stg_crm__companies',
         'checks': crm_quarantine_checks(),
         'key': {'company_id': crm_id}},
        {'source': 'crm', 'table': 'contacts',
         'staging': 'stg_crm__contacts',
         'checks': crm_quarantine_checks(),
         'key': {'contact_id': crm_id}},
        {'source': 'crm', 'table': 'deals',
         'staging': 'stg_crm__deals',
         'checks': deals_quarantine_checks(),
         'key': {'deal_id': crm_id}},
        {'source': 'crm', 'table': 'deal_stage_history',
         'staging': 'stg_crm__deal_stage_changes',
         'checks': crm_quarantine_checks('deal_id', timestamp_column),
         'key': {'deal_id': 'trim(cast(deal_id as ' ~ type_text() ~ '))',
                 'deal_stage': "nullif(lower(trim(dealstage)), '')",
                 'entered_at': parse_timestamp_utc(timestamp_column)}},
        {'source': 'crm', 'table': 'activities',
         'staging': 'stg_crm__activities',
         'checks': crm_quarantine_checks(),
         'key': {'activity_id': crm_id}},
        {'source': 'crm', 'table': 'marketing_engagements',
         'staging': 'stg_crm__marketing_engagements',
         'checks': crm_quarantine_checks(),
         'key': {'engagement_id': crm_id}},
        {'source': 'web', 'table': 'events',
         'staging': 'stg_web__events',
         'checks': web_events_quarantine_checks(),
         'key': {'event_id': "nullif(trim(event_id), '')"},
         'checks_unstaged_only': true},
        {'source': 'invoicing', 'table': 'invoices',
         'staging': 'stg_invoicing__invoices',
         'checks': invoices_quarantine_checks(),
         'key': {'invoice_id': 'trim(invoice_number)'},
         'version_key': 'trim(invoice_number)'},
        {'source': 'invoicing', 'table': 'invoice_lines',
         'staging': 'stg_invoicing__invoice_lines',
         'checks': invoice_lines_quarantine_checks(),
         'key': {'invoice_id': 'trim(invoice_number)'},
         'version_key': 'trim(invoice_number)'},
        {'source': 'invoicing', 'table': 'payments',
         'staging': 'stg_invoicing__payments',
         'checks': payments_quarantine_checks(),
         'key': {'payment_id': payment_id},
         'version_key': payment_id},
    ]) }}
{%- endmacro %}
