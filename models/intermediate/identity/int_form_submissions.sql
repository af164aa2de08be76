-- One row per web form submission whose e-mail (hashed) belongs to a CRM
-- contact, consenting device or not: the one definition of "this contact
-- submitted a form here and then", read by the device -> contact mapping and
-- by the touchpoints (a CRM registration or download that mirrors a form is
-- the form's touch, or no person-level touch at all without consent).
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
        event_id,
        anonymous_id,
        email_hash,
        has_consent,
        event_at
    from events
    where event_type = 'form_submit' and email_hash is not null
),

form_submissions_matched_to_contacts as (
    select
        form_submissions.event_id,
        form_submissions.anonymous_id,
        contacts_by_email.contact_id,
        form_submissions.has_consent,
        form_submissions.event_at as submitted_at
    from form_submissions
    inner join contacts_by_email
        on form_submissions.email_hash = contacts_by_email.email_hash
)

select * from form_submissions_matched_to_contacts
