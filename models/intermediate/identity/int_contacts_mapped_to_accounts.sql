-- One row per CRM contact with its account (company): the CRM association
-- first, else the company whose domain is the contact's email domain
-- (free-mail domains never match). Contacts with neither keep a null account.
with

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

contact_companies as (
    select * from {{ ref('stg_crm__contact_companies') }}
),

companies as (
    select * from {{ ref('stg_crm__companies') }}
),

free_mail_domains as (
    select * from {{ ref('free_mail_domains') }}
),

associated_accounts as (
    select
        contact_id,
        min(company_id) as account_id
    from contact_companies
    group by 1
),

companies_by_domain as (
    select
        company_domain,
        min(company_id) as account_id
    from companies
    where company_domain is not null
    group by 1
),

contacts_joined_to_accounts as (
    select
        contacts.contact_id,
        contacts.email_domain,
        associated_accounts.account_id as associated_account_id,
        companies_by_domain.account_id as domain_account_id
    from contacts
    left join associated_accounts
        on contacts.contact_id = associated_accounts.contact_id
    left join free_mail_domains
        on contacts.email_domain = free_mail_domains.domain
    left join companies_by_domain
        on
            contacts.email_domain = companies_by_domain.company_domain
            and free_mail_domains.domain is null
),

contacts_mapped as (
    select
        contact_id,
        coalesce(associated_account_id, domain_account_id) as account_id,
        case
            when associated_account_id is not null then 'crm_association'
            when domain_account_id is not null then 'email_domain'
            else 'unmatched'
        end as account_match_method
    from contacts_joined_to_accounts
)

select * from contacts_mapped
