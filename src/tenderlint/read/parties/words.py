"""The words that name the parties to a tender or contract, and senses that do not (brief 1.5)."""

from __future__ import annotations

import re

BUYER = "buyer"
SUPPLIER = "supplier"


def other(role: str) -> str:
    return SUPPLIER if role == BUYER else BUYER


# How far a common name may be trusted when a document uses it without defining it.
LOWER = 3  # safe in lower case too: "the supplier" always means the supplier
CAPITAL = 2  # a party only when capitalised ("the Council", not "a council")
DEFINED = 1  # a party only where the document defines it ("the State" is often a country)

# Common names of each side, lower case, with their trust when used undefined.
ROLE_WORDS: dict[str, tuple[str, int]] = {
    "authority": (BUYER, CAPITAL),
    "contracting authority": (BUYER, CAPITAL),
    "framework authority": (BUYER, CAPITAL),
    "relevant authority": (BUYER, DEFINED),
    "buyer": (BUYER, LOWER),
    "purchaser": (BUYER, LOWER),
    "customer": (BUYER, CAPITAL),
    "client": (BUYER, CAPITAL),
    "council": (BUYER, CAPITAL),
    "agency": (BUYER, CAPITAL),
    "department": (BUYER, CAPITAL),
    "city": (BUYER, CAPITAL),
    "county": (BUYER, CAPITAL),
    "government": (BUYER, CAPITAL),
    "canada": (BUYER, CAPITAL),
    "organisation": (BUYER, DEFINED),
    "organization": (BUYER, DEFINED),
    "ministry": (BUYER, DEFINED),
    "court": (BUYER, DEFINED),
    "trust": (BUYER, DEFINED),
    "board": (BUYER, DEFINED),
    "state": (BUYER, DEFINED),
    "commonwealth": (BUYER, DEFINED),
    "crown": (BUYER, DEFINED),
    "employer": (BUYER, DEFINED),
    "principal": (BUYER, DEFINED),
    "ordering activity": (BUYER, CAPITAL),
    "licensee": (BUYER, DEFINED),
    "controller": (BUYER, DEFINED),
    "data controller": (BUYER, DEFINED),
    "data exporter": (BUYER, LOWER),
    "supplier": (SUPPLIER, LOWER),
    "contractor": (SUPPLIER, LOWER),
    "vendor": (SUPPLIER, LOWER),
    "service provider": (SUPPLIER, LOWER),
    "provider": (SUPPLIER, CAPITAL),
    "data provider": (SUPPLIER, DEFINED),
    "consultant": (SUPPLIER, CAPITAL),
    "offeror": (SUPPLIER, LOWER),
    "quoter": (SUPPLIER, LOWER),
    "bidder": (SUPPLIER, LOWER),
    "tenderer": (SUPPLIER, LOWER),
    "applicant": (SUPPLIER, CAPITAL),
    "candidate": (SUPPLIER, DEFINED),
    "respondent": (SUPPLIER, CAPITAL),
    "potential provider": (SUPPLIER, CAPITAL),
    "potential supplier": (SUPPLIER, CAPITAL),
    "successful supplier": (SUPPLIER, LOWER),
    "successful bidder": (SUPPLIER, LOWER),
    "successful tenderer": (SUPPLIER, LOWER),
    "awardee": (SUPPLIER, LOWER),
    "seller": (SUPPLIER, LOWER),
    "processor": (SUPPLIER, DEFINED),
    "data processor": (SUPPLIER, DEFINED),
    "data importer": (SUPPLIER, LOWER),
    "licensor": (SUPPLIER, DEFINED),
}

# Names of a supplier before award (brief 1.5 "Bidder"): listed after the contract names.
BIDDER_WORDS = frozenset(
    {
        "offeror",
        "quoter",
        "bidder",
        "tenderer",
        "applicant",
        "candidate",
        "respondent",
        "potential provider",
        "potential supplier",
    }
)

# Plurals that still name a side where nothing singular does ("Buyers provide ... to sellers").
PLURAL_OK = frozenset(
    {"buyer", "supplier", "contractor", "vendor", "offeror", "bidder", "tenderer", "seller"}
)

# A word before a role word that makes it someone else: "Sub-contractor", "a third party
# provider", "the replacement supplier", "a local authority", "Member State".
NOT_AFTER = frozenset(
    {
        "sub",
        "third",
        "party",
        "other",
        "another",
        "replacement",
        "incoming",
        "outgoing",
        "former",
        "previous",
        "any",
        "a",
        "an",
        "each",
        "every",
        "no",
        "local",
        "public",
        "supervisory",
        "competent",
        "regulatory",
        "member",
        "european",
        "federal",
        "state",
        "national",
        "health",
        "care",
        "cloud",
        "hosting",
        "payment",
        "identity",
        "key",
        "prime",
        "external",
        "independent",
        "approved",
        "preferred",
        "end",
        "individual",
        "all",
        "such",
        "which",
        "whose",
        "this",
        "that",
        "their",
        "its",
        "our",
        "your",
        "his",
        "her",
        "of",
        "government",
        "city",
        "county",
        "district",
        "borough",
        "town",
        "parish",
        "regional",
        "executive",
        "programme",
        "program",
        "project",
        "advisory",
        "steering",
        "platform",  # "the platform vendor's cloud", as against the supplier reselling it
        "original",
    }
)

# Verbs after a name that show it acting as a party ("the Contractor shall", "the Court is").
_VERBS = """shall will must may should can cannot could would might agrees agree is are was were
    has have had reserves intends expects requires acknowledges warrants undertakes represents
    owns retains provides seeks anticipates needs does did accepts confirms certifies grants
    consents determines decides approves considers prefers pays delivers performs wishes plans
    uses receives holds controls remains becomes won't consider provide submit need"""
ACTOR_VERBS = frozenset(_VERBS.split())

# Definitions of a role word that describe someone who is not a party: "'Customer' means a
# member of the public", "'Provider' means any provider of a third-party component".
NOT_A_PARTY = re.compile(
    r"\b(members?\s+of\s+the\s+public|residents?|citizens?|individuals?|natural\s+persons?|"
    r"any\s+person|person\s+who|persons?\s+using|service\s+users?|end[\s-]users?|users?\s+of|"
    r"patients?|tenants?|visitors?|third[\s-]part(?:y|ies)|sub-?contractors?|"
    r"provider\s+of\s+(?:a|any)\b|(?:a|any)\s+(?:provider|supplier|vendor|customer|client)|"
    r"other\s+than\s+the)\b",
    re.IGNORECASE,
)

# Words that make a capitalised phrase the name of a public body.
PUBLIC_BODY = re.compile(
    r"\b(Administration|Agency|Authority|Board|Cabinet|Commission|Council|Court|Department|"
    r"Directorate|Executive|Government|Ministry|Office|Service|Services|Trust|Centre|Center|"
    r"University|NHS|Crown|City|County|Borough|Canada|Parliament)\b"
)
# Last words that make a name a thing the parties deal in, whatever body words come before:
# "the Northern Councils Digital Services Framework Agreement", "the Council Tax System".
THING_HEAD = re.compile(
    r"\b(?:Agreement|Contract|Framework|Schedule|Specification|System|Platform|Programme|"
    r"Project|Solution|Tool|Model|Application|Portal|Software|Data|Plan|Policy|Standard|"
    r"Regulations?|Act|Order|Deliverables?|Lot)\W*$"
)
# Legal forms that make a name a company's.
COMPANY = re.compile(
    r"\b(Ltd|Limited|plc|PLC|Inc|LLC|LLP|L\.L\.C|Corp|Corporation|GmbH|S\.A|B\.V|Pty)\b\.?"
)
# Bodies that rules name but that are not parties: regulators, auditors, courts of law.
THIRD_PARTY = re.compile(
    r"\b(Commissioner|Audit|Auditor|Comptroller|Ombudsman|Regulator|Tribunal|Parliament|"
    r"Court\s+of\s+Justice|Supervisory|Police|Inspectorate|Standards\s+Institut\w*)\b",
    re.IGNORECASE,
)

PRONOUNS = {SUPPLIER: ("we", "us", "our"), BUYER: ("you", "your")}
PRONOUN_WORDS = frozenset({"we", "us", "our", "ours", "you", "your", "yours"})

# A template's blank where a name will go: "[insert name]", "____", "{Name of organization}".
PLACEHOLDER = re.compile(r"[\[\]{}<>_]|\.\.\.|\u2026|\bX{2,}\b|\binsert\b", re.IGNORECASE)


def role_of(term: str) -> tuple[str, int] | None:
    """The side and trust of a term that is, or ends in, a common party name."""
    words = term.lower().replace("-", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    if not words:
        return None
    for size in (2, 1):
        if len(words) < size:
            continue
        key = " ".join(words[-size:])
        if key in ROLE_WORDS:
            if len(words) > size and words[-size - 1] in NOT_AFTER:
                return None
            return ROLE_WORDS[key]
    return None


def is_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.search(text))
