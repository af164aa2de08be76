-- One row per anonymous web id (device) that submitted a form with an email
-- known to the CRM: the contact it belongs to. A device used by several
-- people keeps its first identified contact.
with

events as (
    select * from {{ ref('stg_web__events') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

contacts_by_email as (
    select
        email_hash,
        min(contact_id) as contact_id
    from contacts
    where email_hash is not null
    group by 1
),

form_submissions as (
    select
        anonymous_id,
        email_hash,
        event_at
    from events
    where
        event_type = 'form_submit'
        and email_hash is not null
        and anonymous_id is not null
),

submissions_matched_to_contacts as (
    select
        form_submissions.anonymous_id,
        contacts_by_email.contact_id,
        form_submissions.event_at
    from form_submissions
    inner join contacts_by_email
        on form_submissions.email_hash = contacts_by_email.email_hash
),

anonymous_ids_mapped as (
    select
        anonymous_id,
        arg_min(contact_id, event_at) as contact_id,
        min(event_at) as identified_at,
        count(distinct contact_id) as contacts_seen
    from submissions_matched_to_contacts
    group by 1
)

select * from anonymous_ids_mapped
