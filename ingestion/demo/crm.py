"""HubSpot-shaped CRM exports: companies, contacts, deals, history, activities.

Objects follow the CRM API v3 shape: ``id``, ``properties`` (every value a
string, or null when empty), ``createdAt``/``updatedAt`` (UTC with
milliseconds), ``archived`` and ``associations``. Lifecycle stage dates are
derived from the journeys: lead at the contact's first form submission (or
offline attendance), MQL and SQL before the opportunity, opportunity at the
deal's creation, customer at its close.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingestion.demo import catalog as cat
from ingestion.demo import deals as dl
from ingestion.demo import names as nm
from ingestion.demo import rand
from ingestion.demo import settings as s
from ingestion.demo import timeutil as tu
from ingestion.demo import world as w

NONE = np.iinfo(np.int64).max
STAGE_KEYS = (
    "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer",
)
ANALYTICS_SOURCE = {
    s.PAID_SEARCH: "PAID_SEARCH",
    s.PAID_LINKEDIN: "PAID_SOCIAL",
    s.PAID_META: "PAID_SOCIAL",
    s.ORGANIC_SEARCH: "ORGANIC_SEARCH",
    s.ORGANIC_SOCIAL: "SOCIAL_MEDIA",
    s.EMAIL: "EMAIL_MARKETING",
    s.EVENTS: "OTHER_CAMPAIGNS",
    s.REFERRAL: "REFERRALS",
    s.DIRECT: "DIRECT_TRAFFIC",
}
MQL_STATUSES = (
    "ATTEMPTED_TO_CONTACT", "CONNECTED", "IN_PROGRESS", "UNQUALIFIED", "BAD_TIMING",
)
UPDATE_STATUSES = ("ATTEMPTED_TO_CONTACT", "CONNECTED", "UNQUALIFIED")
LOST_REASONS = ("Prix", "Timing", "Concurrent", "Pas de besoin")
CONTENT_ASSETS = (
    "Livre blanc - La facture électronique pour les DAF",
    "Guide - Relancer ses impayés sans fâcher ses clients",
    "Modèle de facture conforme 2026 (Excel)",
    "Checklist - Réforme de la facturation électronique",
)


def _ids(
    rng: np.random.Generator, instants: np.ndarray, base: int, max_gap: int
) -> list[str]:
    """Increasing numeric ids in creation order, with random gaps."""
    order = np.lexsort((np.arange(instants.shape[0]), instants))
    gaps = rng.integers(1, max_gap + 1, instants.shape[0])
    values = base + np.cumsum(gaps)
    out = np.empty(instants.shape[0], dtype=np.int64)
    out[order] = values
    return [str(v) for v in out.tolist()]


def _hs(instants: np.ndarray, millis: np.ndarray) -> list[str]:
    """HubSpot timestamps from seconds and a millisecond part."""
    stamps = np.asarray(instants, np.int64) * 1000 + np.asarray(millis, np.int64)
    return tu.iso_utc_ms(stamps)


def _assoc(ids: list[str], kind: str) -> dict[str, list[dict[str, str]]]:
    """HubSpot association list: ``{"results": [{"id", "type"}]}``."""
    return {"results": [{"id": i, "type": kind} for i in ids]}


def _write_ndjson(path: Path, records: list[dict[str, object]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False))
            handle.write("\n")
    return len(records)


@dataclass
class Lifecycle:
    """Lifecycle stage dates and statuses of every contact."""

    # contacts x 5 (lead, mql, sql, opportunity, customer); NONE if never reached
    stage_at: np.ndarray
    subscriber_at: np.ndarray
    stage: list[str]
    lead_status: list[str | None]
    has_owner: np.ndarray
    deal_of_contact: np.ndarray  # new-business deal the contact is associated with (-1)


@dataclass
class CrmIds:
    """HubSpot ids of the CRM objects."""

    company: list[str]
    contact: list[str]
    deal: list[str]


def _deal_contact_stage(
    row: np.ndarray, uu: np.ndarray, created: int, origin: int, deals: dl.Deals, d: int
) -> tuple[str, str | None]:
    """Stage dates (in ``row``), stage and lead status of a contact of deal d."""
    opp = int(deals.created_at[d])
    if origin == w.ORIGIN_SALES:
        row[3] = created
    else:
        row[0] = created
        if created < opp - tu.HOUR:
            row[1] = created + int(uu[0] * 0.6 * (opp - created))
            before = int(uu[1] * min(5 * tu.DAY, opp - int(row[1])))
            row[2] = max(int(row[1]) + 60, opp - before)
            row[2] = min(int(row[2]), opp)
        row[3] = max(opp, created)
    if deals.outcome[d] == dl.WON:
        row[4] = max(int(deals.close_at[d]), int(row[3]))
    if deals.outcome[d] == dl.WON:
        stage = "customer"
        if uu[2] < 0.05 and row[4] < tu.EXPORT_AT - 180 * tu.DAY:
            stage = "evangelist"
        return stage, "CONNECTED" if uu[3] < 0.6 else None
    if deals.outcome[d] == dl.LOST:
        return "opportunity", "BAD_TIMING" if uu[3] < 0.6 else "UNQUALIFIED"
    return "opportunity", "OPEN_DEAL"


def _lead_stage(
    row: np.ndarray, uu: np.ndarray, created: int, origin: int
) -> tuple[str, str | None, bool]:
    """Stage dates (in ``row``), stage, lead status and owner flag of a lead."""
    row[0] = created
    stage = "lead"
    has_owner = False
    if origin == w.ORIGIN_PROSPECT:
        status = "ATTEMPTED_TO_CONTACT" if uu[3] < 0.6 else "CONNECTED"
        has_owner = True
    elif uu[0] < 0.4:
        row[1] = min(created + int(uu[1] * 20 * tu.DAY), tu.EXPORT_AT - tu.HOUR)
        stage = "marketingqualifiedlead"
        has_owner = True
        status = MQL_STATUSES[int(uu[3] * 5)]
        if uu[4] < 0.15:
            later = int(row[1]) + int((1 + uu[5] * 9) * tu.DAY)
            row[2] = min(later, tu.EXPORT_AT - tu.HOUR)
            stage = "salesqualifiedlead"
            status = "UNQUALIFIED" if uu[6] < 0.5 else "BAD_TIMING"
    else:
        status = ("NEW", "NEW", "NEW", "OPEN", None)[int(uu[3] * 5)]
        if uu[4] < 0.01:
            stage = "other"
    return stage, status, has_owner


def lifecycle(
    seed: int, world: w.World, contacts: w.Contacts, deals: dl.Deals
) -> Lifecycle:
    """Derive lifecycle dates, stages and lead statuses from journeys and deals."""
    rng = rand.stream(seed, "lifecycle")
    n = contacts.n
    deal_of = np.full(n, -1, dtype=np.int64)
    for d in range(deals.n):
        if deals.dealtype[d] == dl.NEW_BUSINESS:
            for ci in deals.contacts[d]:
                deal_of[ci] = d
    stage_at = np.full((n, 5), NONE, dtype=np.int64)
    subscriber_at = np.full(n, NONE, dtype=np.int64)
    stages: list[str] = []
    statuses: list[str | None] = []
    has_owner = np.zeros(n, dtype=bool)
    u = rng.random((n, 8))
    for ci in range(n):
        created = int(contacts.identified_at[ci])
        origin = int(contacts.origin[ci])
        d = int(deal_of[ci])
        if origin == w.ORIGIN_SUBSCRIBER:
            subscriber_at[ci] = created
            stages.append("subscriber")
            statuses.append(None)
            continue
        if d >= 0:
            stage, status = _deal_contact_stage(
                stage_at[ci], u[ci], created, origin, deals, d
            )
            has_owner[ci] = True
        else:
            stage, status, has_owner[ci] = _lead_stage(
                stage_at[ci], u[ci], created, origin
            )
        stages.append(stage)
        statuses.append(status)
    return Lifecycle(stage_at, subscriber_at, stages, statuses, has_owner, deal_of)


@dataclass
class Activity:
    """One sales activity."""

    kind: str
    at: int
    owner: int
    contacts: list[int]
    account: int
    deal: int
    direction: str


def _business_time(rng: np.random.Generator, t: int) -> int:
    """An instant during business hours on the first working day from t."""
    day = tu.local_day_scalar(t)
    weekday = (day + s.START_DATE.weekday()) % 7
    if weekday >= 5:
        day += 7 - weekday
    sec = int(rng.integers(8 * tu.HOUR + 1800, 18 * tu.HOUR + 1800))
    return tu.local_day_time_to_utc_scalar(day, sec)


def _kind_and_direction(rng: np.random.Generator, p_meeting: float) -> tuple[str, str]:
    """Meeting (p_meeting), else a call or an email, half and half."""
    x = rng.random()
    if x < p_meeting:
        return "MEETING", ""
    if x < p_meeting + (1 - p_meeting) * 0.5:
        return "CALL", "INBOUND" if rng.random() < 0.1 else "OUTBOUND"
    return "EMAIL", "INCOMING_EMAIL" if rng.random() < 0.2 else "EMAIL"


def _lead_activities(
    rng: np.random.Generator,
    world: w.World,
    contacts: w.Contacts,
    life: Lifecycle,
    out: list[Activity],
) -> None:
    """Follow-ups of prospects, worked MQLs and a few other leads (no deal)."""
    for ci in range(contacts.n):
        a = int(contacts.account[ci])
        if a < 0 or life.deal_of_contact[ci] >= 0:
            continue
        origin = int(contacts.origin[ci])
        mql = int(life.stage_at[ci, 1])
        created = int(contacts.identified_at[ci])
        if origin == w.ORIGIN_PROSPECT:
            start, count = created, int(rng.integers(2, 5))
        elif mql != NONE:
            if rng.random() >= 0.75:
                continue  # MQL never worked
            start, count = mql, int(rng.integers(1, 5))
        elif rng.random() < 0.08:
            start, count = created + int(rng.integers(1, 10)) * tu.DAY, 1
        else:
            continue
        t = start
        owner = int(world.account_owner[a])
        for _ in range(count):
            t = _business_time(rng, t + int(rng.integers(2 * tu.HOUR, 5 * tu.DAY)))
            if t >= tu.EXPORT_AT:
                break
            kind, direction = _kind_and_direction(rng, 0.05)
            out.append(Activity(kind, t, owner, [ci], a, -1, direction))


def _deal_activities(
    rng: np.random.Generator, deals: dl.Deals, out: list[Activity]
) -> None:
    """A first meeting, then calls/emails/meetings over the cycle; a kick-off."""
    for d in range(deals.n):
        a = int(deals.account[d])
        created = int(deals.created_at[d])
        end = min(int(deals.close_at[d]), tu.EXPORT_AT - tu.HOUR)
        cycle_days = max((end - created) / tu.DAY, 1.0)
        count = 2 + int(rng.poisson(cycle_days / 10.0))
        people = deals.contacts[d]
        times = [_business_time(rng, created + int(rng.integers(0, 5 * tu.DAY)))]
        times += [
            _business_time(rng, created + int(rng.random() * (end - created)))
            for _ in range(count)
        ]
        for k, t in enumerate(sorted(times)):
            if t >= tu.EXPORT_AT:
                continue
            kind, direction = (
                ("MEETING", "") if k == 0 else _kind_and_direction(rng, 0.2)
            )
            chosen = [people[int(rng.integers(len(people)))]] if people else []
            if people and len(people) > 1 and rng.random() < 0.3:
                other = people[int(rng.integers(len(people)))]
                if other not in chosen:
                    chosen.append(other)
            out.append(Activity(kind, t, int(deals.owner[d]), chosen, a, d, direction))
        if deals.outcome[d] == dl.WON and deals.dealtype[d] == dl.NEW_BUSINESS:
            close = int(deals.close_at[d])
            t = _business_time(rng, close + int(rng.integers(1, 14)) * tu.DAY)
            if t < tu.EXPORT_AT and people:
                owner = int(deals.owner[d])
                out.append(Activity("MEETING", t, owner, people[:1], a, d, ""))


def build_activities(
    seed: int, world: w.World, contacts: w.Contacts, deals: dl.Deals, life: Lifecycle
) -> list[Activity]:
    """Sales emails, calls and meetings around leads and deals."""
    rng = rand.stream(seed, "activities")
    out: list[Activity] = []
    _lead_activities(rng, world, contacts, life, out)
    _deal_activities(rng, deals, out)
    out.sort(key=lambda x: (x.at, x.account, x.deal, x.kind))
    return out


@dataclass
class _ContactTimes:
    """Instants and HubSpot timestamp texts of every contact record."""

    ms: np.ndarray  # contacts x 8 millisecond parts
    stage_text: list[list[str]]  # per lifecycle stage (STAGE_KEYS order)
    created_text: list[str]
    modified: np.ndarray
    modified_text: list[str]
    subscriber_text: list[str]


@dataclass
class _ContactExport:
    """What a contact record is built from."""

    world: w.World
    contacts: w.Contacts
    life: Lifecycle
    first_channel: np.ndarray
    ids: CrmIds
    times: _ContactTimes


def _company_created_at(acc: w.Accounts, contacts: w.Contacts) -> np.ndarray:
    """Company creation: first contact, ABM import for targets, else journey start."""
    company_created = np.full(acc.n, NONE, dtype=np.int64)
    with_company = contacts.account >= 0
    np.minimum.at(
        company_created,
        contacts.account[with_company],
        contacts.identified_at[with_company],
    )
    import_at = tu.START_UTC + 3 * tu.DAY + 9 * tu.HOUR
    # Target accounts were imported (ABM list) at the start of the period.
    company_created = np.where(
        acc.is_target, np.minimum(company_created, import_at), company_created
    )
    return np.where(company_created == NONE, acc.start, company_created)


def _crm_ids(
    rng: np.random.Generator,
    company_created: np.ndarray,
    contacts: w.Contacts,
    deals: dl.Deals,
) -> CrmIds:
    """HubSpot ids of companies, contacts and deals, increasing with creation."""
    company_ids = _ids(rng, company_created, 9_000_000_000, 400)
    contact_ids = _ids(rng, contacts.identified_at, 100, 60)
    deal_ids = _ids(rng, deals.created_at, 14_000_000_000, 900)
    return CrmIds(company_ids, contact_ids, deal_ids)


def _contact_times(
    rng: np.random.Generator,
    contacts: w.Contacts,
    life: Lifecycle,
    activities: list[Activity],
) -> _ContactTimes:
    """Creation, stage, last-modified and subscriber timestamps of contacts."""
    n = contacts.n
    ms = rng.integers(0, 1000, (n, 8))
    last_activity = np.full(n, 0, dtype=np.int64)
    for act in activities:
        for ci in act.contacts:
            last_activity[ci] = max(last_activity[ci], act.at)
    # The lead date is the creation instant itself (same milliseconds).
    ms[:, 0] = ms[:, 5]
    stage_text = [
        _hs(life.stage_at[:, k].clip(max=tu.EXPORT_AT), ms[:, k]) for k in range(5)
    ]
    created_text = _hs(contacts.identified_at, ms[:, 5])
    touched = np.where(life.stage_at == NONE, 0, life.stage_at).max(axis=1)
    modified = np.maximum.reduce([contacts.identified_at, touched, last_activity])
    modified = np.minimum(modified + rng.integers(60, 3 * tu.DAY, n), tu.EXPORT_AT - 60)
    modified = np.maximum(modified, contacts.identified_at + 1)
    modified_text = _hs(modified, ms[:, 6])
    subscriber_text = _hs(life.subscriber_at.clip(max=tu.EXPORT_AT), ms[:, 7])
    return _ContactTimes(
        ms, stage_text, created_text, modified, modified_text, subscriber_text
    )


def _pick_updated_and_duplicated(
    rng: np.random.Generator, contacts: w.Contacts, life: Lifecycle
) -> tuple[set[int], list[int]]:
    """Contacts re-exported later (second snapshot) and archived duplicates."""
    n = contacts.n
    eligible = np.flatnonzero(
        (contacts.origin == w.ORIGIN_WEB)
        & (life.deal_of_contact < 0)
        & (np.array([st == "lead" for st in life.stage]))
        & (contacts.identified_at < tu.EXPORT_AT - 70 * tu.DAY)
    )
    n_update = min(eligible.shape[0], max(5, int(round(0.012 * n))))
    updated: set[int] = set()
    if n_update:
        updated = set(rng.choice(eligible, size=n_update, replace=False).tolist())
    company_mail = np.flatnonzero(
        (contacts.origin == w.ORIGIN_WEB) & (contacts.email_kind == 0)
    )
    n_dup = min(company_mail.shape[0], max(2, int(round(0.005 * n))))
    duplicated: list[int] = []
    if n_dup:
        picked = rng.choice(company_mail, size=n_dup, replace=False)
        duplicated = sorted(picked.tolist())
    return updated, duplicated


def _contact_properties(x: _ContactExport, ci: int) -> dict[str, object]:
    """Current HubSpot properties of a contact."""
    contacts, life, times = x.contacts, x.life, x.times
    a = int(contacts.account[ci])
    owner = x.world.owners[int(x.world.account_owner[a])] if a >= 0 else None
    props: dict[str, object] = {
        "email": contacts.email[ci],
        "firstname": contacts.first_name[ci],
        "lastname": contacts.last_name[ci],
        "jobtitle": contacts.job_title[ci] or None,
        "lifecyclestage": life.stage[ci],
        "hs_lead_status": life.lead_status[ci],
        "hubspot_owner_id": owner if life.has_owner[ci] else None,
        "createdate": times.created_text[ci],
        "lastmodifieddate": times.modified_text[ci],
    }
    for k, key in enumerate(STAGE_KEYS):
        if life.stage_at[ci, k] != NONE:
            props[f"hs_lifecyclestage_{key}_date"] = times.stage_text[k][ci]
    if life.subscriber_at[ci] != NONE:
        props["hs_lifecyclestage_subscriber_date"] = times.subscriber_text[ci]
    channel = int(x.first_channel[ci])
    origin = int(contacts.origin[ci])
    from_web = origin in (w.ORIGIN_WEB, w.ORIGIN_SUBSCRIBER)
    props["hs_analytics_source"] = (
        ANALYTICS_SOURCE[channel] if channel >= 0 and from_web else "OFFLINE"
    )
    props["hs_object_id"] = x.ids.contact[ci]
    return props


def _old_version(x: _ContactExport, ci: int, props: dict[str, object]) -> str:
    """Turn props into the first snapshot of a contact updated later."""
    old_t = min(int(x.times.modified[ci]), tu.EXPORT_AT - 45 * tu.DAY)
    old_t = max(old_t, int(x.contacts.identified_at[ci]) + 60)
    updated_at = _hs(np.array([old_t]), np.array([int(x.times.ms[ci, 6])]))[0]
    props["lastmodifieddate"] = updated_at
    props["hs_lead_status"] = "NEW"
    return updated_at


def _new_version(
    rng: np.random.Generator, x: _ContactExport, ci: int, props: dict[str, object]
) -> str:
    """Turn props into the second snapshot (the October update) of a contact."""
    a = int(x.contacts.account[ci])
    owner = x.world.owners[int(x.world.account_owner[a])] if a >= 0 else None
    new_t = tu.EXPORT_AT - int(rng.integers(2, 12)) * tu.DAY
    new_t -= int(rng.integers(0, 8 * tu.HOUR))
    millis = np.array([int(rng.integers(0, 1000))])
    updated_at = _hs(np.array([new_t]), millis)[0]
    props["lastmodifieddate"] = updated_at
    props["hs_lead_status"] = UPDATE_STATUSES[ci % 3]
    if ci % 3 == 1:
        props["lifecyclestage"] = "marketingqualifiedlead"
        props["hs_lifecyclestage_marketingqualifiedlead_date"] = updated_at
        props["hubspot_owner_id"] = owner
    if ci % 2 == 0 and x.contacts.origin[ci] == w.ORIGIN_WEB:
        props["jobtitle"] = nm.pick_weighted(rng, nm.JOB_TITLES_FR)
    return updated_at


def _contact_record(
    rng: np.random.Generator, x: _ContactExport, ci: int, version: str
) -> dict[str, object]:
    """HubSpot contact object; version is "current", "old" or "new"."""
    props = _contact_properties(x, ci)
    updated_at = x.times.modified_text[ci]
    if version == "old":
        updated_at = _old_version(x, ci, props)
    elif version == "new":
        updated_at = _new_version(rng, x, ci, props)
    record: dict[str, object] = {
        "id": x.ids.contact[ci],
        "properties": props,
        "createdAt": x.times.created_text[ci],
        "updatedAt": updated_at,
        "archived": False,
    }
    a = int(x.contacts.account[ci])
    if a >= 0:
        record["associations"] = {
            "companies": _assoc([x.ids.company[a]], "contact_to_company")
        }
    return record


def _duplicate_record(
    rng: np.random.Generator, x: _ContactExport, ci: int, dup_id: str
) -> dict[str, object]:
    """Archived duplicate of a contact (same person, other spelling)."""
    contacts = x.contacts
    created = int(contacts.identified_at[ci]) + int(rng.integers(5, 40)) * tu.DAY
    created = min(created, tu.EXPORT_AT - 3 * tu.DAY)
    archived_at = created + int(rng.integers(1, 5)) * tu.DAY
    archived_at = min(archived_at, tu.EXPORT_AT - tu.HOUR)
    c_text, a_text = _hs(np.array([created, archived_at]), rng.integers(0, 1000, 2))
    local, _, domain = contacts.email[ci].partition("@")
    company_id = x.ids.company[int(contacts.account[ci])]
    return {
        "id": dup_id,
        "properties": {
            "email": local.capitalize() + "@" + domain.upper(),
            "firstname": contacts.first_name[ci],
            "lastname": contacts.last_name[ci].upper(),
            "jobtitle": None,
            "lifecyclestage": "lead",
            "hs_lead_status": None,
            "hubspot_owner_id": None,
            "createdate": c_text,
            "lastmodifieddate": a_text,
            "hs_lifecyclestage_lead_date": c_text,
            "hs_analytics_source": "OFFLINE",
            "hs_object_id": dup_id,
        },
        "createdAt": c_text,
        "updatedAt": a_text,
        "archived": True,
        "associations": {"companies": _assoc([company_id], "contact_to_company")},
    }


def _write_contacts(
    rng: np.random.Generator,
    crm_dir: Path,
    x: _ContactExport,
    updated: set[int],
    duplicated: list[int],
) -> dict[str, int]:
    """contacts.ndjson (with archived duplicates) and the October update file."""
    contacts, contact_ids = x.contacts, x.ids.contact
    n = contacts.n
    order = np.lexsort((np.arange(n), np.array([int(i) for i in contact_ids])))
    dup_created = np.array(
        [int(contacts.identified_at[ci]) + 20 * tu.DAY for ci in duplicated],
        dtype=np.int64,
    )
    last_id = int(contact_ids[int(order[-1])]) if n else 100
    dup_ids = _ids(rng, dup_created, last_id, 40)
    records = [
        _contact_record(rng, x, ci, "old" if ci in updated else "current")
        for ci in order.tolist()
    ]
    for j, ci in enumerate(duplicated):
        records.append(_duplicate_record(rng, x, ci, dup_ids[j]))
    counts = {
        "crm/contacts.ndjson": _write_ndjson(crm_dir / "contacts.ndjson", records)
    }
    update_records = [
        _contact_record(rng, x, ci, "new")
        for ci in sorted(updated, key=lambda c: int(contact_ids[c]))
    ]
    counts["crm/contacts_update_2026-10.ndjson"] = _write_ndjson(
        crm_dir / "contacts_update_2026-10.ndjson", update_records
    )
    return counts


def _company_stages(n_accounts: int, deals: dl.Deals) -> list[str]:
    """Company lifecycle stage: customer if a deal was won, else opportunity/lead."""
    company_stage = ["lead"] * n_accounts
    for d in range(deals.n):
        a = int(deals.account[d])
        if deals.outcome[d] == dl.WON:
            company_stage[a] = "customer"
        elif company_stage[a] != "customer":
            company_stage[a] = "opportunity"
    return company_stage


def _write_companies(
    rng: np.random.Generator,
    crm_dir: Path,
    world: w.World,
    x: _ContactExport,
    deals: dl.Deals,
    company_created: np.ndarray,
) -> dict[str, int]:
    """companies.ndjson, modified at their latest contact's change."""
    acc, contacts, ids = world.accounts, x.contacts, x.ids
    contacts_of: dict[int, list[int]] = {}
    for ci in range(contacts.n):
        a = int(contacts.account[ci])
        if a >= 0:
            contacts_of.setdefault(a, []).append(ci)
    company_modified = np.maximum(company_created + tu.DAY, np.zeros(acc.n, np.int64))
    for a, members in contacts_of.items():
        latest = int(x.times.modified[members].max())
        company_modified[a] = max(int(company_modified[a]), latest)
    company_modified = np.minimum(company_modified, tu.EXPORT_AT - 60)
    cms = rng.integers(0, 1000, (acc.n, 2))
    c_created_text = _hs(company_created, cms[:, 0])
    c_modified_text = _hs(company_modified, cms[:, 1])
    company_stage = _company_stages(acc.n, deals)
    records = []
    company_order = np.lexsort(
        (np.arange(acc.n), np.array([int(i) for i in ids.company]))
    )
    for a in company_order.tolist():
        country = s.COUNTRIES[int(acc.country[a])]
        props = {
            "name": acc.name[a] if rng.random() < 0.7 else acc.legal_name[a],
            "domain": acc.domain[a],
            "city": acc.city[a],
            "region": acc.region[a],
            "country": country.name,
            "industry": acc.industry[a],
            "numberofemployees": str(int(acc.employees[a])),
            "is_target_account": "true" if acc.is_target[a] else "false",
            "lifecyclestage": company_stage[a],
            "hubspot_owner_id": world.owners[int(world.account_owner[a])],
            "createdate": c_created_text[a],
            "hs_lastmodifieddate": c_modified_text[a],
            "hs_object_id": ids.company[a],
        }
        members = sorted(contacts_of.get(a, []), key=lambda c: int(ids.contact[c]))
        member_ids = [ids.contact[c] for c in members]
        records.append(
            {
                "id": ids.company[a],
                "properties": props,
                "createdAt": c_created_text[a],
                "updatedAt": c_modified_text[a],
                "archived": False,
                "associations": {"contacts": _assoc(member_ids, "company_to_contact")},
            }
        )
    return {
        "crm/companies.ndjson": _write_ndjson(crm_dir / "companies.ndjson", records)
    }


def _deal_properties(
    rng: np.random.Generator,
    world: w.World,
    deals: dl.Deals,
    ids: CrmIds,
    d: int,
    millis: np.ndarray,
) -> dict[str, object]:
    """HubSpot properties of a deal (with the planted A/B test variant)."""
    a = int(deals.account[d])
    history = deals.history[d]
    stage = history[-1][0]
    probability = dict(s.DEAL_STAGES)[stage]
    created_t, close_t = int(deals.created_at[d]), int(deals.close_at[d])
    last_change = max(h[1] for h in history)
    modified_t = max(last_change, created_t) + int(rng.integers(60, 2 * tu.DAY))
    modified_t = min(modified_t, tu.EXPORT_AT - 60)
    c_text, close_text, m_text = _hs(np.array([created_t, close_t, modified_t]), millis)
    plan = dl.PLAN_NAMES[int(deals.plan[d])]
    is_new = deals.dealtype[d] == dl.NEW_BUSINESS
    props: dict[str, object] = {
        "dealname": f"{world.accounts.name[a]} - Facturo {plan}"
        + ("" if is_new else " - extension"),
        "amount": str(deals.amount(d)),
        "deal_currency_code": deals.currency[d],
        "dealstage": stage,
        "pipeline": "default",
        "hs_deal_stage_probability": repr(probability),
        "dealtype": "newbusiness" if is_new else "existingbusiness",
        "createdate": c_text,
        "closedate": close_text,
        "hubspot_owner_id": world.owners[int(deals.owner[d])],
        "hs_lastmodifieddate": m_text,
        "hs_object_id": ids.deal[d],
    }
    if stage == "closedlost":
        props["closed_lost_reason"] = LOST_REASONS[int(rng.integers(4))]
    created_day = int(tu.local_day_index(np.array([created_t]))[0])
    exp_start = (s.EXPERIMENT_START - s.START_DATE).days
    if deals.variant[d] != dl.NO_VARIANT:
        props["experiment_name"] = s.EXPERIMENT_NAME
        props["experiment_variant"] = s.EXPERIMENT_VARIANTS[int(deals.variant[d])]
    elif is_new and created_day > exp_start:
        # Property created for the test, left empty after it ended.
        props["experiment_name"] = ""
        props["experiment_variant"] = ""
    return props


def _deal_records(
    rng: np.random.Generator,
    world: w.World,
    deals: dl.Deals,
    ids: CrmIds,
    d: int,
    millis: np.ndarray,
) -> tuple[dict[str, object], dict[str, object]]:
    """The deal object and its dealstage history record."""
    props = _deal_properties(rng, world, deals, ids, d, millis)
    a = int(deals.account[d])
    people = sorted(set(deals.contacts[d]), key=lambda c: int(ids.contact[c]))
    deal = {
        "id": ids.deal[d],
        "properties": props,
        "createdAt": props["createdate"],
        "updatedAt": props["hs_lastmodifieddate"],
        "archived": False,
        "associations": {
            "contacts": _assoc([ids.contact[c] for c in people], "deal_to_contact"),
            "companies": _assoc([ids.company[a]], "deal_to_company"),
        },
    }
    history = deals.history[d]
    stamps = _hs(np.array([h[1] for h in history]), rng.integers(0, 1000, len(history)))
    entries = [
        {"value": h[0], "timestamp": stamps[k], "sourceType": h[2]}
        for k, h in enumerate(history)
    ]
    stage_history = {
        "id": ids.deal[d],
        "propertiesWithHistory": {"dealstage": entries[::-1]},
    }
    return deal, stage_history


def _write_deals(
    rng: np.random.Generator,
    crm_dir: Path,
    world: w.World,
    deals: dl.Deals,
    ids: CrmIds,
) -> dict[str, int]:
    """deals.ndjson and deal_stage_history.ndjson."""
    records = []
    history_records = []
    dms = rng.integers(0, 1000, (deals.n, 3))
    for d in sorted(range(deals.n), key=lambda k: int(ids.deal[k])):
        deal, history = _deal_records(rng, world, deals, ids, d, dms[d])
        records.append(deal)
        history_records.append(history)
    return {
        "crm/deals.ndjson": _write_ndjson(crm_dir / "deals.ndjson", records),
        "crm/deal_stage_history.ndjson": _write_ndjson(
            crm_dir / "deal_stage_history.ndjson", history_records
        ),
    }


def _activity_properties(
    rng: np.random.Generator, act: Activity, timestamp: str, owner: str
) -> dict[str, object]:
    """HubSpot properties of a sales email, call or meeting."""
    props: dict[str, object] = {
        "hs_activity_type": act.kind,
        "hs_timestamp": timestamp,
        "hubspot_owner_id": owner,
    }
    if act.kind == "EMAIL":
        props["hs_email_direction"] = act.direction
    elif act.kind == "CALL":
        props["hs_call_direction"] = act.direction
        props["hs_call_duration"] = str(int(rng.integers(20, 1800)) * 1000)
    else:
        outcome = "COMPLETED" if rng.random() < 0.85 else "NO_SHOW"
        props["hs_meeting_outcome"] = outcome
    return props


def _write_activities(
    rng: np.random.Generator,
    crm_dir: Path,
    owners: list[str],
    activities: list[Activity],
    ids: CrmIds,
) -> dict[str, int]:
    """activities.ndjson: emails, calls and meetings with their associations."""
    act_at = np.array([x.at for x in activities], dtype=np.int64)
    act_ids = _ids(rng, act_at, 50_000_000_000, 5_000)
    a_ms = rng.integers(0, 1000, (len(activities), 2))
    a_text = _hs(act_at, a_ms[:, 0])
    # Calls are logged when they end (about 30 minutes later).
    is_call = np.array([x.kind == "CALL" for x in activities], dtype=bool)
    logged = _hs(act_at + np.where(is_call, 1800, 0), a_ms[:, 1])
    records = []
    for k, act in enumerate(activities):
        kind = act.kind.lower()
        props = _activity_properties(rng, act, a_text[k], owners[act.owner])
        associations: dict[str, object] = {
            "contacts": _assoc(
                [ids.contact[c] for c in act.contacts], f"{kind}_to_contact"
            ),
            "companies": _assoc([ids.company[act.account]], f"{kind}_to_company"),
        }
        if act.deal >= 0:
            associations["deals"] = _assoc([ids.deal[act.deal]], f"{kind}_to_deal")
        records.append(
            {
                "id": act_ids[k],
                "properties": props,
                "createdAt": logged[k],
                "updatedAt": logged[k],
                "archived": False,
                "associations": associations,
            }
        )
    return {
        "crm/activities.ndjson": _write_ndjson(crm_dir / "activities.ndjson", records)
    }


def _write_engagements(
    rng: np.random.Generator,
    crm_dir: Path,
    engagements: list[dict[str, object]],
    ids: CrmIds,
) -> dict[str, int]:
    """marketing_engagements.ndjson in time order."""
    eng_at = np.array([int(e["at"]) for e in engagements], dtype=np.int64)
    eng_ids = _ids(rng, eng_at, 70_000_000_000, 2_000)
    eng_text = _hs(eng_at, rng.integers(0, 1000, eng_at.shape[0]))
    records = []
    for k in np.lexsort((np.arange(eng_at.shape[0]), eng_at)).tolist():
        e = engagements[k]
        ci = int(e["contact"])  # type: ignore[call-overload]
        records.append(
            {
                "id": eng_ids[k],
                "properties": {
                    "engagement_type": e["type"],
                    "asset_name": e["asset"],
                    "occurred_at": eng_text[k],
                    "utm_source": e["utm_source"] or None,
                    "utm_medium": e["utm_medium"] or None,
                    "utm_campaign": e["utm_campaign"] or None,
                },
                "createdAt": eng_text[k],
                "updatedAt": eng_text[k],
                "archived": False,
                "associations": {
                    "contacts": _assoc(
                        [ids.contact[ci]], "marketing_engagement_to_contact"
                    )
                },
            }
        )
    path = crm_dir / "marketing_engagements.ndjson"
    return {"crm/marketing_engagements.ndjson": _write_ndjson(path, records)}


def write_crm(
    seed: int,
    crm_dir: Path,
    world: w.World,
    contacts: w.Contacts,
    deals: dl.Deals,
    life: Lifecycle,
    activities: list[Activity],
    engagements: list[dict[str, object]],
    first_channel: np.ndarray,
) -> tuple[dict[str, int], CrmIds]:
    """Write every CRM file; return rows per file and the ids used.

    One random stream ("crm_ids") feeds every writer, in file order: ids,
    contacts, companies, deals, activities, marketing engagements.
    """
    rng = rand.stream(seed, "crm_ids")
    company_created = _company_created_at(world.accounts, contacts)
    ids = _crm_ids(rng, company_created, contacts, deals)
    times = _contact_times(rng, contacts, life, activities)
    updated, duplicated = _pick_updated_and_duplicated(rng, contacts, life)
    export = _ContactExport(world, contacts, life, first_channel, ids, times)
    counts = _write_contacts(rng, crm_dir, export, updated, duplicated)
    counts.update(_write_companies(rng, crm_dir, world, export, deals, company_created))
    counts.update(_write_deals(rng, crm_dir, world, deals, ids))
    counts.update(_write_activities(rng, crm_dir, world.owners, activities, ids))
    counts.update(_write_engagements(rng, crm_dir, engagements, ids))
    return counts, ids


def _month_gap(a: int, b: int) -> int:
    """Distance between two months of the year (circular)."""
    return min(abs(a - b), 12 - abs(a - b))


def _nearest_show(month: int) -> str:
    """Trade show held closest to a month of the year."""
    return min(cat.TRADE_SHOWS, key=lambda m: _month_gap(m[0], month))[1]


def _webinar(date: dt.date) -> tuple[str, str]:
    """Webinar topic (slug, title) of the month."""
    return cat.WEBINAR_TOPICS[(date.month + date.year) % len(cat.WEBINAR_TOPICS)]


def build_engagements(
    seed: int,
    touches: w.Touches,
    submit_at: dict[int, int],
    session_contact: np.ndarray,
    session_form: np.ndarray,
    form_utms: dict[int, tuple[str, str, str]],
) -> list[dict[str, object]]:
    """Offline attendances (truth touches) and CRM mirrors of web forms."""
    rng = rand.stream(seed, "engagements")
    out: list[dict[str, object]] = []
    crm = np.flatnonzero(touches.kind != w.WEB)
    for k in crm.tolist():
        at = int(touches.at[k])
        date = tu.day_to_date(int(tu.local_day_index(np.array([at]))[0]))
        if touches.kind[k] == w.CRM_WEBINAR:
            slug, title = _webinar(date)
            out.append(
                {
                    "type": "webinar_attendance",
                    "asset": f"Webinar - {title} ({date:%d/%m/%Y})",
                    "at": at,
                    "contact": int(touches.contact[k]),
                    "utm_source": "livestorm",
                    "utm_medium": "webinar",
                    "utm_campaign": f"webinar_{slug}_{date.year}_{date.month:02d}",
                }
            )
        else:
            show = _nearest_show(date.month)
            out.append(
                {
                    "type": "event_attendance",
                    "asset": f"{show} {date.year}",
                    "at": at,
                    "contact": int(touches.contact[k]),
                    "utm_source": "salon" if rng.random() < 0.7 else "",
                    "utm_medium": "event",
                    "utm_campaign": nm.slugify(show, "_") + f"_{date.year}",
                }
            )
    for si in sorted(form_utms):
        ci = int(session_contact[si])
        if ci < 0:
            continue
        at = int(submit_at[si])
        source, medium, campaign = form_utms[si]
        if session_form[si] == w.FORM_WEBINAR:
            date = tu.day_to_date(int(tu.local_day_index(np.array([at]))[0]))
            slug, title = _webinar(date)
            kind, asset = "webinar_registration", f"Webinar - {title}"
        else:
            kind = "content_download"
            asset = CONTENT_ASSETS[int(rng.integers(len(CONTENT_ASSETS)))]
        out.append(
            {
                "type": kind,
                "asset": asset,
                "at": at,
                "contact": ci,
                "utm_source": source,
                "utm_medium": medium,
                "utm_campaign": campaign,
            }
        )
    return out
