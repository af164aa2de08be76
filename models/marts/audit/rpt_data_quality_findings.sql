{#- One row per kind of data-quality finding about the loaded exports, every
    kind always present (finding_count 0 when the data is clean): what the
    warn-severity data tests report (docs/data_tests.md), read from the
    models and their flags, plus data conditions the marts handle (a quarter
    without spend, no ABM target list...). A finding never fails the build:
    the marts stay correct, some figures are less complete. -#}
{%- set lifecycle_stages = "'subscriber', 'lead', 'marketingqualifiedlead',"
    ~ " 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist',"
    ~ " 'other'" -%}
{%- set lead_statuses = "'new', 'open', 'in_progress', 'open_deal',"
    ~ " 'unqualified', 'attempted_to_contact', 'connected', 'bad_timing'" -%}
{%- set deal_stages = "'appointmentscheduled', 'qualifiedtobuy',"
    ~ " 'presentationscheduled', 'decisionmakerboughtin', 'contractsent',"
    ~ " 'closedwon', 'closedlost'" -%}
{%- set findings = [
    ['quarantined_rows', 'fct_quarantined_rows', 'true',
     'raw rows set aside by a staging row check (see fct_quarantined_rows'
     ~ ' for the reason of each)'],
    ['deals_without_company', 'stg_crm__deals', 'not has_associated_company',
     'deals with no CRM company: a won one is its own customer deal:<id>'
     ~ ' and reaches no account report'],
    ['deals_without_contact', 'stg_crm__deals', 'not has_associated_contact',
     'deals with no CRM contact: their journey holds only account touches'],
    ['deals_with_unknown_stage', 'stg_crm__deals',
     'coalesce(deal_stage not in (' ~ deal_stages ~ '), true)',
     'deals in a stage of another pipeline (counted as open)'],
    ['deals_with_negative_amount', 'stg_crm__deals', 'amount < 0',
     'deals with a negative amount'],
    ['deals_with_probability_out_of_range', 'stg_crm__deals',
     'stage_probability not between 0 and 1',
     'deals whose stage probability is not between 0 and 1'],
    ['deal_stage_changes_with_unknown_stage', 'stg_crm__deal_stage_changes',
     'coalesce(deal_stage not in (' ~ deal_stages ~ '), true)',
     'stage history entries in an unknown stage'],
    ['deals_with_inconsistent_dates', 'fct_deal_time_to_cash',
     'coalesce(sales_cycle_days, 0) < 0'
     ~ ' or coalesce(days_opportunity_to_first_invoice, 0) < 0'
     ~ ' or coalesce(first_paid_date < first_invoiced_date, false)',
     'deals closed before created, invoiced before the opportunity or'
     ~ ' paid before invoiced'],
    ['contacts_with_invalid_email', 'stg_crm__contacts', 'not is_valid_email',
     'contacts without a valid e-mail: no web journey can reach them'],
    ['contacts_with_unknown_lifecycle_stage', 'stg_crm__contacts',
     'lifecycle_stage not in (' ~ lifecycle_stages ~ ')',
     'contacts in a custom lifecycle stage'],
    ['contacts_with_unknown_lead_status', 'stg_crm__contacts',
     'lead_status not in (' ~ lead_statuses ~ ')',
     'contacts with a custom lead status'],
    ['no_contact_email', 'contact_totals', 'contacts > 0 and emails = 0',
     'no contact has an e-mail: no web touch reaches a contact'],
    ['no_company_domain', 'company_totals', 'companies > 0 and domains = 0',
     'no company has a domain: invoices match deals by deal id only'],
    ['no_abm_target_accounts', 'company_totals', 'target_accounts = 0',
     'no company is an ABM target account: the ABM target segment is empty'],
    ['activities_with_unknown_type', 'stg_crm__activities',
     "coalesce(activity_type not in ('email', 'call', 'meeting'), true)",
     'sales activities that are not an email, call or meeting'],
    ['activities_with_unknown_direction', 'stg_crm__activities',
     "direction not in ('inbound', 'outbound')",
     'sales activities with an unknown direction'],
    ['engagements_with_unknown_type', 'stg_crm__marketing_engagements',
     "coalesce(engagement_type not in ('webinar_registration',"
     ~ " 'webinar_attendance', 'event_attendance', 'content_download'),"
     ~ ' true)',
     'marketing engagements of an unknown type'],
    ['invoices_unattributed', 'int_invoices_matched_to_deals',
     "match_method = 'unattributed'",
     'invoices and credit notes matched to no CRM deal: their revenue is'
     ~ ' unattributed'],
    ['invoices_with_unknown_status', 'stg_invoicing__invoices',
     "coalesce(status not in ('draft', 'issued', 'paid', 'partially_paid',"
     ~ " 'unpaid', 'cancelled'), true)",
     'invoices with an unknown status (counted as issued)'],
    ['invoices_due_before_issue', 'stg_invoicing__invoices',
     'due_date < issued_date', 'invoices due before their issue date'],
    ['invoices_in_unlisted_currency', 'stg_invoicing__invoices',
     "currency not in ('EUR', 'GBP', 'USD', 'CHF')",
     'invoices in a currency other than EUR, GBP, USD, CHF'],
    ['credit_notes_without_credited_invoice', 'stg_invoicing__invoices',
     "invoice_kind = 'credit_note' and credited_invoice_id is null",
     'credit notes that name no credited invoice'],
    ['orphan_credit_notes', 'stg_invoicing__invoices', 'is_orphan_credit_note',
     'credit notes of an invoice that is not in the exports'],
    ['invoice_lines_of_unknown_invoice', 'invoice_lines_matched',
     'not has_invoice', 'invoice lines whose invoice is not staged'],
    ['invoice_lines_with_unusual_vat_rate', 'stg_invoicing__invoice_lines',
     'vat_rate not between 0 and 1', 'invoice lines with a VAT rate'
     ~ ' outside 0..1'],
    ['payments_of_unknown_invoice', 'payments_matched', 'not has_invoice',
     'payments whose invoice is not staged'],
    ['monthly_costs_with_unknown_category', 'stg_ads__monthly_costs',
     "coalesce(not ((cost_type = 'marketing' and category in ('events',"
     ~ " 'content', 'agency', 'tools', 'other')) or (cost_type = 'sales'"
     ~ " and category in ('salaries', 'tools', 'commissions', 'other'))),"
     ~ ' true)',
     'monthly costs whose cost type or category is unknown'],
    ['monthly_cost_lines_collapsed', 'monthly_cost_duplicates', 'true',
     'cost lines repeated in one file (same month, type, category, channel'
     ~ ' and description): staging keeps one'],
    ['meta_ads_rows_not_daily', 'meta_ads_campaign_daily',
     'reporting_starts != reporting_ends',
     'Meta Ads rows spanning several days (export by day)'],
    ['malformed_page_urls', 'stg_web__events', 'is_malformed_page_url',
     'web events with a malformed landing URL (UTMs parsed as far as they'
     ~ ' go)'],
    ['referrals_from_own_site', 'referral_events',
     'is_from_page_host and page_host_share > 0.5',
     'referral visits from a host that also serves the site pages, when'
     ~ ' they are most referrals: set var site_hosts to your domains'
     ~ ' (README, Bring your own exports)'],
    ['quarters_without_marketing_spend', 'quarters', 'marketing_spend_eur = 0',
     'quarters with data but no marketing spend: ROI undefined, spend KPIs'
     ~ ' met'],
    ['quarters_without_kpi_targets', 'quarters', 'not has_kpi_target',
     'quarters with data but no row in seeds/kpi_targets.csv'],
] -%}
{%- set relations = [
    'fct_quarantined_rows', 'stg_crm__deals', 'stg_crm__deal_stage_changes',
    'fct_deal_time_to_cash', 'stg_crm__contacts', 'stg_crm__companies',
    'stg_crm__activities', 'stg_crm__marketing_engagements',
    'int_invoices_matched_to_deals', 'stg_invoicing__invoices',
    'stg_invoicing__invoice_lines', 'stg_invoicing__payments',
    'stg_ads__monthly_costs', 'stg_web__events', 'int_business_metrics_daily',
    'kpi_targets',
] -%}
-- sqlfluff:indentation:template_blocks_indent:False
with

{% for relation in relations -%}
{{ relation }} as (
    select * from {{ ref(relation) }}
),

{% endfor -%}
monthly_costs as (
    select * from {{ source('ads', 'monthly_costs') }}
),

meta_ads_campaign_daily as (
    select * from {{ source('ads', 'meta_ads_campaign_daily') }}
),

contact_totals as (
    select
        count(*) as contacts,
        count(email_hash) as emails
    from stg_crm__contacts
),

company_totals as (
    select
        count(*) as companies,
        count(company_domain) as domains,
        count(*) filter (where is_target_account) as target_accounts
    from stg_crm__companies
),

invoice_lines_matched as (
    select
        stg_invoicing__invoice_lines.invoice_id in (
            select stg_invoicing__invoices.invoice_id
            from stg_invoicing__invoices
        ) as has_invoice
    from stg_invoicing__invoice_lines
),

payments_matched as (
    select
        stg_invoicing__payments.invoice_id in (
            select stg_invoicing__invoices.invoice_id
            from stg_invoicing__invoices
        ) as has_invoice
    from stg_invoicing__payments
),

monthly_cost_duplicates as (
    select
        _file_sha256,
        month,
        cost_type,
        category,
        channel,
        description
    from monthly_costs
    group by 1, 2, 3, 4, 5, 6
    having count(*) > 1
),

page_hosts as (
    select distinct page_host
    from stg_web__events
    where page_host is not null
),

referral_events as (
    -- the check of warn_referrals_from_the_sites_own_hosts, as a count
    select
        page_hosts.page_host is not null as is_from_page_host,
        avg(cast(page_hosts.page_host is not null as integer)) over ()
            as page_host_share
    from stg_web__events
    left join page_hosts
        on stg_web__events.referrer_host = page_hosts.page_host
    where stg_web__events.channel = 'referral'
),

kpi_target_quarters as (
    select distinct
        cast(
            make_date(
                cast(left(quarter, 4) as integer),
                3 * cast(right(quarter, 1) as integer) - 2,
                1
            ) as date
        ) as quarter_start_date
    from kpi_targets
),

quarters as (
    select
        {{ truncate_date(
            'quarter', 'int_business_metrics_daily.metric_date'
        ) }} as quarter_start_date,
        sum(int_business_metrics_daily.marketing_spend_eur)
            as marketing_spend_eur,
        bool_or(kpi_target_quarters.quarter_start_date is not null)
            as has_kpi_target
    from int_business_metrics_daily
    left join kpi_target_quarters
        on
            {{ truncate_date(
                'quarter', 'int_business_metrics_daily.metric_date'
            ) }}
            = kpi_target_quarters.quarter_start_date
    group by 1
),

findings_counted as (
    {% for kind, relation, condition, description in findings -%}
    select
        {{ loop.index }} as finding_order,
        '{{ kind }}' as finding_kind,
        '{{ relation }}' as found_in,
        '{{ description }}' as description,
        count(*) filter (where {{ condition }}) as finding_count
    from {{ relation }}
    {% if not loop.last %}union all
    {% endif -%}
    {% endfor %}
),

findings_flagged as (
    select
        finding_kind,
        found_in,
        description,
        finding_count,
        finding_count > 0 as is_found,
        finding_order
    from findings_counted
)

select * from findings_flagged
