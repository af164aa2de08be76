"""Name pools and builders for people, companies, domains and emails."""

from __future__ import annotations

import re
import unicodedata

import numpy as np

FIRST_NAMES_FR: tuple[str, ...] = (
    "Claire", "Julie", "Sophie", "Camille", "Marie", "Emma", "Chloé", "Léa",
    "Manon", "Sarah", "Laura", "Pauline", "Céline", "Isabelle", "Nathalie",
    "Sandrine", "Aurélie", "Hélène", "Mélanie", "Elodie", "Anne", "Valérie",
    "Inès", "Amina", "Lucie", "Margaux", "Agathe", "Juliette", "Océane", "Zoé",
    "Thomas", "Nicolas", "Julien", "Pierre", "Antoine", "Maxime", "Alexandre",
    "Guillaume", "Romain", "Mathieu", "Sébastien", "François", "Olivier",
    "Laurent", "Stéphane", "Christophe", "Benoît", "Jérôme", "Hugo", "Lucas",
    "Louis", "Paul", "Arthur", "Mehdi", "Karim", "Yann", "Cédric", "Grégoire",
    "Loïc", "Thibault",
)
LAST_NAMES_FR: tuple[str, ...] = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
    "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel",
    "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
    "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
    "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier",
    "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis",
    "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Benali", "Haddad",
    "Le Gall", "Le Goff", "Kerbrat", "Fabre", "Barbier", "Brunet", "Colin",
)
FIRST_NAMES_EN: tuple[str, ...] = (
    "James", "Oliver", "Harry", "George", "Emily", "Olivia", "Sophie", "Grace",
    "Michael", "David", "Sarah", "Jessica", "Daniel", "Laura", "Thomas",
    "Anna", "Lukas", "Jonas", "Lena", "Mia", "Luca", "Noah", "Elena", "Marco",
)
LAST_NAMES_EN: tuple[str, ...] = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
    "Davies", "Miller", "Anderson", "Clark", "Walker", "Müller", "Schmidt",
    "Schneider", "Fischer", "Weber", "Meier", "Keller", "Peeters", "Janssens",
    "Maes", "Dubois", "Rossi",
)
JOB_TITLES_FR: tuple[tuple[str, float], ...] = (
    ("Directeur administratif et financier", 10), ("DAF", 6),
    ("Directrice administrative et financière", 5), ("Comptable", 10),
    ("Responsable comptable", 8), ("Gérant", 10), ("Gérante", 5),
    ("CEO", 5), ("Fondateur", 4), ("Office manager", 6),
    ("Assistante de direction", 6), ("Contrôleur de gestion", 4),
    ("Directeur général", 4), ("Responsable administratif", 5),
    ("Chargée de recouvrement", 3), ("Président", 3), ("", 6),
)
JOB_TITLES_EN: tuple[tuple[str, float], ...] = (
    ("CFO", 10), ("Finance Manager", 10), ("Accountant", 8), ("CEO", 6),
    ("Managing Director", 6), ("Office Manager", 5), ("Head of Finance", 5),
    ("", 3),
)

# Company name parts (French SMEs).
TRADES: tuple[str, ...] = (
    "Menuiserie", "Plomberie", "Boulangerie", "Transports", "Conseil",
    "Architecture", "Imprimerie", "Électricité", "Paysages", "Traiteur",
    "Garage", "Pharmacie", "Optique", "Immobilier", "Bureau d'études",
    "Agence", "Cabinet", "Atelier", "Distribution", "Logistique", "Ingénierie",
    "Rénovation", "Informatique", "Communication", "Nettoyage", "Sécurité",
    "Formation", "Expertise", "Maçonnerie", "Charpente",
)
BRAND_PREFIXES: tuple[str, ...] = (
    "Nova", "Alti", "Bati", "Clari", "Digi", "Eco", "Flexi", "Horizon", "Inno",
    "Kali", "Lumi", "Media", "Neo", "Opti", "Pro", "Quali", "Sola", "Terra",
    "Uni", "Vita", "Axo", "Bio", "Cap", "Delta", "Equi", "Galé", "Hexa",
)
BRAND_SUFFIXES: tuple[str, ...] = (
    "lis", "tec", "plus", "via", "sys", "nov", "gest", "com", "line", "pro",
    "flow", "sens", "logic", "data", "ris", "vert", "mat", "form", "log",
)
PLACE_SUFFIXES: tuple[str, ...] = (
    "du Rhône", "de Provence", "de l'Ouest", "du Nord", "d'Armor",
    "Atlantique", "Méditerranée", "des Alpes", "de Bourgogne", "Île-de-France",
    "Val de Loire", "Pyrénées", "Océan", "Métropole", "du Sud-Ouest",
)
LEGAL_FORMS_FR: tuple[tuple[str, float], ...] = (
    ("SAS", 45), ("SARL", 35), ("SASU", 8), ("EURL", 5), ("SA", 4), ("", 3),
)
FOREIGN_WORDS: tuple[str, ...] = (
    "Thames", "Redwood", "Alpine", "Harbour", "Summit", "Brookfield", "Linden",
    "Rhine", "Granite", "Meridian", "Northgate", "Bluebell", "Oakridge",
    "Westbrook", "Keystone", "Silverline",
)
FOREIGN_ACTIVITIES: tuple[str, ...] = (
    "Logistics", "Consulting", "Analytics", "Trading", "Engineering",
    "Design", "Solutions", "Partners", "Foods", "Software",
)
LEGAL_FORMS_FOREIGN: dict[str, tuple[str, ...]] = {
    "GB": ("Ltd", "Ltd", "LLP"),
    "US": ("Inc", "LLC", "Corp"),
    "CH": ("AG", "SA", "GmbH"),
    "BE": ("SRL", "SA", "BV"),
    "DE": ("GmbH", "GmbH", "AG"),
}


def strip_accents(text: str) -> str:
    """Remove diacritics (``Lefèvre`` -> ``Lefevre``)."""
    normalized = unicodedata.normalize("NFKD", text)
    return "".join(c for c in normalized if not unicodedata.combining(c))


def slugify(text: str, sep: str = "-") -> str:
    """Lowercase ASCII slug (``Bureau d'études`` -> ``bureau-d-etudes``)."""
    ascii_text = strip_accents(text).lower()
    return re.sub(r"[^a-z0-9]+", sep, ascii_text).strip(sep)


def pick(rng: np.random.Generator, values: tuple[str, ...]) -> str:
    """Uniformly pick one value."""
    return values[int(rng.integers(len(values)))]


def pick_weighted(
    rng: np.random.Generator, values: tuple[tuple[str, float], ...]
) -> str:
    """Pick one value from ``(value, weight)`` pairs."""
    weights = np.array([w for _, w in values], dtype=float)
    index = int(rng.choice(len(values), p=weights / weights.sum()))
    return values[index][0]


def french_company_name(rng: np.random.Generator) -> str:
    """A plausible French SME name without legal form."""
    pattern = rng.random()
    if pattern < 0.35:
        return f"{pick(rng, TRADES)} {pick(rng, LAST_NAMES_FR)}"
    if pattern < 0.60:
        return f"{pick(rng, BRAND_PREFIXES)}{pick(rng, BRAND_SUFFIXES)}"
    if pattern < 0.80:
        return f"{pick(rng, TRADES)} {pick(rng, PLACE_SUFFIXES)}"
    if pattern < 0.92:
        return f"{pick(rng, LAST_NAMES_FR)} & {pick(rng, LAST_NAMES_FR)}"
    return f"{pick(rng, BRAND_PREFIXES)}{pick(rng, BRAND_SUFFIXES)} {pick(rng, TRADES)}"


def foreign_company_name(rng: np.random.Generator) -> str:
    """A plausible foreign SME name without legal form."""
    return f"{pick(rng, FOREIGN_WORDS)} {pick(rng, FOREIGN_ACTIVITIES)}"
