"""Limits and tidying of names and contact fields, shared by the directory (typed in the chat
or the CLI) and the staff-list parser (core/roster.py). Pure.
"""

from __future__ import annotations

import re

# A person's name fits a table row and a chat line; org and unit names fit their column.
NAME_LIMITS = {"org": 255, "unit": 255, "officer": 120}
CONTACT_LIMITS = {"position": 255, "phone": 64, "email": 255}
_EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
_PHONE_RE = re.compile(r"^[0-9+().\-/ ,;]+$")


def clean_contact(kind: str, value: str) -> tuple[str, str | None]:
    """A contact field tidied, and the text key of its problem (None when fine). Pure.

    A phone typed into Excel as a number loses its leading 0 (912345678): a bare 9 or 10
    digit number not starting with 0 gets it back, as every Vietnamese number starts with 0.
    """
    value = " ".join((value or "").split())
    if not value:
        return "", None
    if len(value) > CONTACT_LIMITS[kind]:
        return value, f"contact.bad.long_{kind}"
    if kind == "phone":
        if value.isdigit() and len(value) in (9, 10) and value[0] != "0":
            value = "0" + value
        if not _PHONE_RE.match(value) or sum(c.isdigit() for c in value) < 8:
            return value, "contact.bad.phone"
    elif kind == "email" and not _EMAIL_RE.match(value):
        return value, "contact.bad.email"
    return value, None
