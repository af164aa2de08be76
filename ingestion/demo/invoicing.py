"""Invoicing exports (French accounting tool): invoices, lines, payments.

Won deals become subscriptions billed annually upfront (most) or quarterly,
renewed each anniversary (+3 % indexation) unless the customer churns. The
first invoice of a new customer carries an onboarding fee. All money is kept
in integer cents: ``sum(quantity x unit price) = amount_excl_vat`` and
``amount_excl_vat + vat_amount = amount_incl_vat`` hold exactly, with VAT
rounded half-up to the cent at invoice level (20 % in France, 0 % reverse
charge / export abroad).

Export format: ``;`` delimiter, decimal comma, ``DD/MM/YYYY`` dates, CRLF.
``invoices_*.csv`` and ``invoice_lines_*.csv`` are Windows-1252 encoded (as
many French accounting tools export them) and the invoice amounts use a space
as thousands separator (``12 000,00``); ``payments_*.csv`` is UTF-8 with BOM.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingestion.demo import deals as dl
from ingestion.demo import names as nm
from ingestion.demo import rand
from ingestion.demo import settings as s
from ingestion.demo import timeutil as tu
from ingestion.demo import world as w

INVOICE_HEADER = (
    "invoice_number", "kind", "credited_invoice_number", "crm_deal_id",
    "customer_domain", "customer_name", "issue_date", "due_date", "currency",
    "amount_excl_vat", "vat_amount", "amount_incl_vat", "status",
)
LINE_HEADER = (
    "invoice_number", "line_number", "product", "quantity",
    "unit_price_excl_vat", "unit_cost", "vat_rate",
)
PAYMENT_HEADER = (
    "payment_id", "invoice_number", "payment_date", "amount", "currency", "method",
)
PAYMENT_METHODS = (
    ("Prélèvement SEPA", 40.0),
    ("Virement", 50.0),
    ("Carte bancaire", 7.0),
    ("Chèque", 3.0),
)


@dataclass
class Line:
    """One invoice line (money in cents)."""

    product: str
    quantity: int
    unit_price: int
    unit_cost: int


@dataclass
class Document:
    """An invoice or a credit note."""

    kind: str
    issue: dt.date
    customer: int  # index into customers
    deal_id: str
    currency: str
    vat_rate: float
    lines: list[Line]
    credited: "Document | None" = None
    status: str = ""
    number: str = ""
    sort_key: tuple[int, ...] = ()
    payments: list[tuple[dt.date, int]] = field(default_factory=list)

    @property
    def excl(self) -> int:
        """Amount excluding VAT (cents)."""
        return sum(line.quantity * line.unit_price for line in self.lines)

    @property
    def vat(self) -> int:
        """VAT (cents), rounded half-up."""
        return int((self.excl * int(round(self.vat_rate * 100)) + 50) // 100)

    @property
    def incl(self) -> int:
        """Amount including VAT (cents)."""
        return self.excl + self.vat


@dataclass
class Customer:
    """A billed customer (CRM account or self-serve customer)."""

    name: str
    domain: str
    country: int
    method: str


def money(cents: int, thousands: bool = False) -> str:
    """French decimal text: ``1234,56`` (or ``1 234,56``)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    units, rest = divmod(cents, 100)
    text = f"{units:,}".replace(",", " ") if thousands else str(units)
    return f"{sign}{text},{rest:02d}"


def add_months(date: dt.date, months: int) -> dt.date:
    """Same day ``months`` later (clamped to the month's last day)."""
    total = date.month - 1 + months
    year, month = date.year + total // 12, total % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day, 31))
        except ValueError:
            continue
    raise ValueError(date)  # pragma: no cover


def _fr(date: dt.date) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def _copy(
    doc: Document, kind: str, issue: dt.date, credited: Document | None = None
) -> Document:
    """A document with the same customer, deal, currency, VAT and lines."""
    lines = [
        Line(li.product, li.quantity, li.unit_price, li.unit_cost) for li in doc.lines
    ]
    return Document(
        kind, issue, doc.customer, doc.deal_id, doc.currency, doc.vat_rate, lines,
        credited=credited,
    )


def _close_date(instant: int) -> dt.date:
    return tu.day_to_date(int(tu.local_day_index(np.array([instant]))[0]))


@dataclass
class Subscription:
    """One billed subscription: what is invoiced, how often, until when."""

    customer: int
    deal_id: str
    plan: str
    users: int
    annual_price: int  # per user, in the billing currency
    currency: str
    start: dt.date
    quarterly: bool
    onboarding_fee: int  # 0 when none
    stop: dt.date
    upsell: bool


class _Ledger:
    """Customers and documents being built, with the one "invoicing" stream."""

    def __init__(self, rng: np.random.Generator, acc: w.Accounts) -> None:
        self.rng = rng
        self.acc = acc
        self.customers: list[Customer] = []
        self.docs: list[Document] = []
        self._customer_of_account: dict[int, int] = {}

    def customer_for(self, a: int) -> int:
        """Billing customer of a CRM account (created on its first invoice)."""
        if a not in self._customer_of_account:
            acc = self.acc
            french = int(acc.country[a]) == 0
            method = (
                nm.pick_weighted(self.rng, PAYMENT_METHODS) if french else "Virement"
            )
            self._customer_of_account[a] = len(self.customers)
            self.customers.append(
                Customer(acc.legal_name[a], acc.domain[a], int(acc.country[a]), method)
            )
        return self._customer_of_account[a]

    def schedule(self, sub: Subscription) -> None:
        """Invoice a subscription every term until it stops (drafts after the end)."""
        country = s.COUNTRIES[self.customers[sub.customer].country]
        draft_horizon = s.END_DATE + dt.timedelta(days=14)
        step = 3 if sub.quarterly else 12
        k = 0
        while True:
            issue = add_months(sub.start, step * k)
            if issue > draft_horizon or issue >= sub.stop:
                break
            lines = self._term_lines(sub, k, issue)
            doc = Document(
                "invoice", issue, sub.customer, sub.deal_id, sub.currency,
                country.vat_rate, lines,
            )
            doc.status = "draft" if issue > s.END_DATE else ""
            if doc.status != "draft" or self.rng.random() < 0.8:
                self.docs.append(doc)
            k += 1

    def _term_lines(self, sub: Subscription, k: int, issue: dt.date) -> list[Line]:
        """Lines of the k-th invoice: the licence (indexed) and the onboarding fee."""
        rng = self.rng
        step = 3 if sub.quarterly else 12
        year = (step * k) // 12
        indexation = (1 + s.ANNUAL_PRICE_INDEXATION) ** year
        annual_cents = int(round(sub.annual_price * 100 * indexation))
        unit = annual_cents // 4 if sub.quarterly else annual_cents
        if sub.upsell:
            label = f"Extension utilisateurs Facturo {sub.plan}"
        elif sub.quarterly:
            label = f"Abonnement Facturo {sub.plan} - trimestre du {_fr(issue)}"
        else:
            period = f"{issue.year}-{issue.year + 1}"
            label = f"Abonnement Facturo {sub.plan} - licence annuelle {period}"
        cost_share = s.SUBSCRIPTION_COST_SHARE * rng.uniform(0.85, 1.15)
        cost = int(round(unit * cost_share))
        lines = [Line(label, sub.users, unit, cost)]
        if k == 0 and sub.onboarding_fee:
            fee = sub.onboarding_fee * 100
            fee_share = s.ONBOARDING_COST_SHARE * rng.uniform(0.8, 1.2)
            fee_cost = int(round(fee * fee_share))
            lines.append(
                Line("Mise en service et formation (forfait)", 1, fee, fee_cost)
            )
        return lines


def _bill_crm_customers(ledger: _Ledger, deals: dl.Deals, deal_ids: list[str]) -> None:
    """Subscriptions of won deals, in close order; new business may churn."""
    rng = ledger.rng
    end_of_sub: dict[int, dt.date] = {}
    for d in np.argsort(deals.close_at, kind="stable").tolist():
        if deals.outcome[d] != dl.WON:
            continue
        c = ledger.customer_for(int(deals.account[d]))
        start = _close_date(int(deals.close_at[d]))
        new = deals.dealtype[d] == dl.NEW_BUSINESS
        if new:
            churn_year = 1
            while rng.random() >= s.RENEWAL_CHURN and churn_year < 10:
                churn_year += 1
            stop = add_months(start, 12 * churn_year)
            end_of_sub[d] = stop
        else:
            stop = end_of_sub.get(int(deals.parent[d]), s.END_DATE)
        currency = deals.currency[d]
        plan = int(deals.plan[d])
        fee = dl.onboarding_fee(plan, currency) if deals.has_onboarding[d] else 0
        ledger.schedule(
            Subscription(
                customer=c,
                deal_id=deal_ids[d],
                plan=dl.PLAN_NAMES[plan],
                users=int(deals.users[d]),
                annual_price=int(deals.unit_price[d]),
                currency=currency,
                start=start,
                quarterly=bool(deals.billing_quarterly[d]),
                onboarding_fee=fee,
                stop=stop,
                upsell=not new,
            )
        )


def _bill_self_serve_customers(ledger: _Ledger, deals: dl.Deals) -> None:
    """Self-serve customers that never were in the CRM (~3 % of new customers)."""
    rng = ledger.rng
    n_won = int(((deals.outcome == dl.WON) & (deals.dealtype == dl.NEW_BUSINESS)).sum())
    used = set(ledger.acc.domain)
    for _ in range(max(2, int(round(0.03 * n_won)))):
        base = nm.french_company_name(rng)
        domain = nm.slugify(base.replace("&", "et")) + ".fr"
        while domain in used:
            domain = domain.replace(".fr", "-1.fr")
        used.add(domain)
        c = len(ledger.customers)
        ledger.customers.append(Customer(f"{base} SASU", domain, 0, "Carte bancaire"))
        start = s.START_DATE + dt.timedelta(days=int(rng.integers(0, s.N_DAYS - 20)))
        seats = int(rng.integers(3, 11))
        ledger.schedule(
            Subscription(
                customer=c,
                deal_id="",
                plan="Essentiel",
                users=seats,
                annual_price=dl.unit_price(0, "EUR"),
                currency="EUR",
                start=start,
                quarterly=False,
                onboarding_fee=0,
                stop=s.END_DATE + dt.timedelta(days=400),
                upsell=False,
            )
        )


def _drop_deal_ids(rng: np.random.Generator, docs: list[Document]) -> None:
    """~15 % of CRM invoices lost their deal id (to be matched by domain)."""
    for doc in docs:
        if doc.deal_id and rng.random() < 0.15:
            doc.deal_id = ""


def _credit_notes(rng: np.random.Generator, docs: list[Document]) -> list[Document]:
    """Credit notes (~3 %): half cancel-and-replace, half commercial gestures."""
    last_credited = s.END_DATE - dt.timedelta(days=12)
    issued = [d for d in docs if d.status != "draft" and d.issue <= last_credited]
    extra: list[Document] = []
    for doc in issued:
        if rng.random() >= 0.03:
            continue
        if rng.random() < 0.5:
            when = doc.issue + dt.timedelta(days=int(rng.integers(1, 10)))
            credit = _copy(doc, "credit_note", when, credited=doc)
            replacement = _copy(doc, "invoice", when)
            doc.status = "cancelled"
            extra += [credit, replacement]
        else:
            later = doc.issue + dt.timedelta(days=int(rng.integers(10, 60)))
            gesture = int(round(doc.excl * rng.uniform(0.1, 0.3)))
            note = _copy(doc, "credit_note", min(later, s.END_DATE), credited=doc)
            note.lines = [Line("Geste commercial", 1, gesture, 0)]
            extra.append(note)
    return extra


def _payment_plan(
    rng: np.random.Generator, doc: Document, due_amount: int, due_date: dt.date
) -> list[tuple[dt.date, int]]:
    """Payments of an invoice: on time (76 %), late, partial or never."""
    r = rng.random()
    plan: list[tuple[dt.date, int]] = []
    if r < 0.76:
        delay = int(rng.integers(2, s.PAYMENT_TERMS_DAYS + 1))
        when = doc.issue + dt.timedelta(days=delay)
        if rng.random() < 0.1 and due_amount > 200:
            half = due_amount // 2
            second = when + dt.timedelta(days=int(rng.integers(5, 25)))
            plan = [(when, half), (second, due_amount - half)]
        else:
            plan = [(when, due_amount)]
    elif r < 0.84:
        late = due_date + dt.timedelta(days=int(rng.integers(1, 91)))
        plan = [(late, due_amount)]
    elif r < 0.92:
        part = int(round(due_amount * rng.uniform(0.3, 0.7)))
        plan = [(due_date + dt.timedelta(days=int(rng.integers(-10, 40))), part)]
    return plan


def _settle(rng: np.random.Generator, docs: list[Document]) -> None:
    """Payments and statuses as of the export."""
    credited_incl: dict[int, int] = {}
    for doc in docs:
        if doc.kind == "credit_note" and doc.credited is not None:
            key = id(doc.credited)
            credited_incl[key] = credited_incl.get(key, 0) + doc.incl
    for doc in docs:
        if doc.kind == "credit_note":
            doc.status = "issued"
            continue
        if doc.status in ("draft", "cancelled"):
            continue
        due_amount = doc.incl - credited_incl.get(id(doc), 0)
        due_date = doc.issue + dt.timedelta(days=s.PAYMENT_TERMS_DAYS)
        plan = _payment_plan(rng, doc, due_amount, due_date)
        doc.payments = [
            (when, amount) for when, amount in plan if when <= s.END_DATE and amount > 0
        ]
        paid = sum(amount for _, amount in doc.payments)
        if paid >= due_amount:
            doc.status = "paid"
        elif paid > 0:
            doc.status = "partially_paid"
        else:
            doc.status = "unpaid" if due_date < s.END_DATE else "issued"


def _number(docs: list[Document]) -> None:
    """Sort by issue date and number: one sequence per year and kind, drafts apart."""
    counters: dict[tuple[str, int], int] = {}
    docs.sort(key=lambda x: (x.issue, x.kind != "invoice", x.customer, x.excl))
    drafts = 0
    for doc in docs:
        if doc.status == "draft":
            drafts += 1
            doc.number = f"BROUILLON-{drafts:04d}"
            continue
        prefix = "F" if doc.kind == "invoice" else "AV"
        key = (prefix, doc.issue.year)
        counters[key] = counters.get(key, 0) + 1
        doc.number = f"{prefix}-{doc.issue.year}-{counters[key]:05d}"


def build_documents(
    seed: int, world: w.World, deals: dl.Deals, deal_ids: list[str]
) -> tuple[list[Document], list[Customer]]:
    """Invoices, credit notes and their payments (one "invoicing" stream)."""
    ledger = _Ledger(rand.stream(seed, "invoicing"), world.accounts)
    _bill_crm_customers(ledger, deals, deal_ids)
    _bill_self_serve_customers(ledger, deals)
    docs = ledger.docs
    _drop_deal_ids(ledger.rng, docs)
    docs += _credit_notes(ledger.rng, docs)
    _settle(ledger.rng, docs)
    _number(docs)
    return docs, ledger.customers


def _csv_bytes(header: tuple[str, ...], rows: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _messy_domain_and_name(
    rng: np.random.Generator, doc: Document, cust: Customer
) -> tuple[str, str]:
    """Customer domain and name as typed in the invoicing tool (inconsistently)."""
    u = rng.random()
    domain = cust.domain
    if u < 0.08:
        domain = "www." + domain
    elif u < 0.12:
        domain = domain.capitalize()
    elif u < 0.15:
        domain = f"https://www.{domain}/"
    elif u < 0.17 and doc.deal_id:
        domain = ""
    name = cust.name.upper() if rng.random() < 0.25 else cust.name
    return domain, name


def _invoice_row(doc: Document, domain: str, name: str) -> list[str]:
    """One row of invoices_<year>.csv."""
    terms = 0 if doc.kind == "credit_note" else s.PAYMENT_TERMS_DAYS
    due = doc.issue + dt.timedelta(days=terms)
    credited = doc.credited.number if doc.credited else ""
    return [
        doc.number, doc.kind, credited, doc.deal_id, domain, name,
        _fr(doc.issue), _fr(due), doc.currency,
        money(doc.excl, True), money(doc.vat, True), money(doc.incl, True),
        doc.status,
    ]


def _line_rows(doc: Document) -> list[list[str]]:
    """Rows of invoice_lines_<year>.csv for one document."""
    rate = "0,2" if doc.vat_rate else "0"
    return [
        [
            doc.number, str(k), line.product, str(line.quantity),
            money(line.unit_price), money(line.unit_cost), rate,
        ]
        for k, line in enumerate(doc.lines, start=1)
    ]


def _add_to_totals(totals: dict[str, dict[str, int]], doc: Document) -> None:
    """Reference totals per currency: invoiced, credited and paid (cents)."""
    if doc.status == "draft":
        return
    bucket = totals.setdefault(
        doc.currency,
        {
            "invoiced_excl_vat_cents": 0,
            "credited_excl_vat_cents": 0,
            "paid_cents": 0,
        },
    )
    # A cancellation counts once: a cancelled invoice carries no
    # revenue, so neither does the credit note that cancels it.
    key = ""
    if doc.kind == "credit_note":
        if doc.credited is None or doc.credited.status != "cancelled":
            key = "credited_excl_vat_cents"
    elif doc.status != "cancelled":
        key = "invoiced_excl_vat_cents"
    if key:
        bucket[key] += doc.excl
    bucket["paid_cents"] += sum(a for _, a in doc.payments)


def _write_payments(
    out_dir: Path, payments: list[tuple[dt.date, str, int, str, str]]
) -> dict[str, int]:
    """payments_<year>.csv (UTF-8 with BOM), numbered in payment order."""
    payments.sort(key=lambda p: (p[0], p[1]))
    pay_years: dict[int, list[list[str]]] = {}
    for k, (when, number, amount, currency, method) in enumerate(payments, start=1):
        pay_years.setdefault(when.year, []).append(
            [f"PAY-{k:06d}", number, _fr(when), money(amount), currency, method]
        )
    counts: dict[str, int] = {}
    for year in sorted(pay_years):
        (out_dir / f"payments_{year}.csv").write_bytes(
            _csv_bytes(PAYMENT_HEADER, pay_years[year], "utf-8-sig")
        )
        counts[f"invoicing/payments_{year}.csv"] = len(pay_years[year])
    return counts


def _invoicing_reference(
    docs: list[Document], totals: dict[str, dict[str, int]]
) -> dict[str, object]:
    """Ground-truth totals and document counts of the invoicing exports."""
    statuses: dict[str, int] = {}
    for doc in docs:
        label = f"{doc.kind}:{doc.status}"
        statuses[label] = statuses.get(label, 0) + 1
    return {
        "totals_by_currency": {c: totals[c] for c in sorted(totals)},
        "documents_by_kind_and_status": {k: statuses[k] for k in sorted(statuses)},
        "invoices_without_crm_deal_id": sum(
            1 for d in docs if d.kind == "invoice" and not d.deal_id
        ),
    }


def write_invoicing(
    seed: int, out_dir: Path, docs: list[Document], customers: list[Customer]
) -> tuple[dict[str, int], dict[str, object]]:
    """Write the invoicing CSVs; return rows per file and reference totals."""
    rng = rand.stream(seed, "invoicing_text")
    out_dir.mkdir(parents=True, exist_ok=True)
    by_year: dict[int, tuple[list[list[str]], list[list[str]]]] = {}
    payments: list[tuple[dt.date, str, int, str, str]] = []
    totals: dict[str, dict[str, int]] = {}
    for doc in docs:
        cust = customers[doc.customer]
        domain, name = _messy_domain_and_name(rng, doc, cust)
        invoices, lines = by_year.setdefault(doc.issue.year, ([], []))
        invoices.append(_invoice_row(doc, domain, name))
        lines.extend(_line_rows(doc))
        for when, amount in doc.payments:
            payments.append((when, doc.number, amount, doc.currency, cust.method))
        _add_to_totals(totals, doc)
    counts: dict[str, int] = {}
    for year in sorted(by_year):
        invoices, lines = by_year[year]
        (out_dir / f"invoices_{year}.csv").write_bytes(
            _csv_bytes(INVOICE_HEADER, invoices, "cp1252")
        )
        (out_dir / f"invoice_lines_{year}.csv").write_bytes(
            _csv_bytes(LINE_HEADER, lines, "cp1252")
        )
        counts[f"invoicing/invoices_{year}.csv"] = len(invoices)
        counts[f"invoicing/invoice_lines_{year}.csv"] = len(lines)
    counts.update(_write_payments(out_dir, payments))
    return counts, _invoicing_reference(docs, totals)
