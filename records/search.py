"""Client search: what the search box understands and the normalised columns it runs against.

Names are matched against ``Client.search_name``: given, preferred and family names lowercased with accents
and apostrophes stripped and other punctuation turned into spaces, in Python (so "Zoe" finds "Zoë",
"osullivan" and "O’Sullivan" find "O'Sullivan", and "Marchetti, Zoë", as the list writes a name, finds her,
on SQLite and PostgreSQL alike: the query is normalised the same way), searched with a case-sensitive
``contains`` because both sides are already normalised. On PostgreSQL a trigram GIN index on that column
(migration 0003) serves ``LIKE '%fragment%'``. Terms of one or two letters match the start of a name
instead of any part. Phone numbers are matched on their digits only.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

_DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
_DATE_SHAPE = re.compile(r"^\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2})\s*$")
_PHONE_SHAPE = re.compile(r"^[\d\s()+.-]+$")
MIN_PHONE_DIGITS = 3


# Apostrophes of every keyboard (straight, typographic, modifier letter, backtick, acute, prime) are left
# out, so "O’Sullivan", "O'Sullivan" and "osullivan" are one name to the search box.
_APOSTROPHES = re.compile("['\u2018\u2019\u201b\u02bc\u02b9\u0060\u00b4\u2032]")
# Other punctuation separates words: "Marchetti, Zoë" (how the list writes a name) is "marchetti zoe".
# Hyphens stay: they join a double-barrelled name ("smith-jones"), which "jones" still finds.
_SEPARATORS = re.compile(r"[^\w\s-]")


def normalise_text(value: str) -> str:
    """Lowercase, strip accents and apostrophes, punctuation to spaces, collapse spaces:
    "  Zoë  O’Brien" -> "zoe obrien", "Marchetti, Zoë" -> "marchetti zoe"."""
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", value).casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_SEPARATORS.sub(" ", stripped).split())


def search_name_for(*, given_name: str, preferred_name: str, family_name: str) -> str:
    return normalise_text(" ".join(part for part in (given_name, preferred_name, family_name) if part))


def digits_of(phone: str) -> str:
    """The digits of a phone number, with an Australian +61 written as the national leading 0, so
    "+61 412 345 678" and "0412 345 678" are the same number to the search box."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+61") and digits.startswith("61"):
        digits = "0" + digits[2:]
    return digits


@dataclass(frozen=True)
class ParsedQuery:
    """What the text in the search box means. ``error`` explains a query that looks like a date but is not."""

    name_terms: tuple[str, ...] = ()
    date_of_birth: date | None = None
    phone_digits: str = ""
    client_number: str = ""
    error: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name_terms or self.date_of_birth or self.phone_digits or self.error)


def parse_query(text: str) -> ParsedQuery:
    text = (text or "").strip()
    if not text:
        return ParsedQuery()
    if _DATE_SHAPE.match(text):
        for fmt in _DATE_FORMATS:
            try:
                return ParsedQuery(date_of_birth=datetime.strptime(text.strip(), fmt).date())
            except ValueError:
                continue
        return ParsedQuery(error=f"“{text}” is not a real date. Write a date of birth as DD/MM/YYYY.")
    if _PHONE_SHAPE.match(text) and len(digits_of(text)) >= MIN_PHONE_DIGITS:
        return ParsedQuery(phone_digits=digits_of(text))
    terms = tuple(dict.fromkeys(normalise_text(text).split()))
    # A client number such as "C00042" is matched exactly as well as being tried as a name.
    number = text.upper() if re.fullmatch(r"[A-Za-z]?\d+", text) else ""
    return ParsedQuery(name_terms=terms, client_number=number)
