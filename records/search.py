"""Client search: what the search box understands and the normalised columns it runs against.

Names are matched against ``Client.search_name``: given, preferred and family names lowercased with accents
stripped in Python (so "Zoe" finds "Zoë" on SQLite and PostgreSQL alike), searched with a case-sensitive
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


def normalise_text(value: str) -> str:
    """Lowercase, strip accents and collapse spaces: "  Zoë  O'Brien" -> "zoe o'brien"."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


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
