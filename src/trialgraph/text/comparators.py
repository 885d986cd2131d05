"""The written comparators of a bound ("≥", "at least", "no more than", "< or =") and their tgv:Comparator
notations, and one pattern finding any of them."""

from __future__ import annotations

import re

# written comparator (lower case) -> notation of tgv:Comparator
COMPARATORS = {
    ">=": ">=",
    "=>": ">=",
    "≥": ">=",
    "⩾": ">=",
    ">/=": ">=",
    "> or =": ">=",
    "at least": ">=",
    "no less than": ">=",
    "not less than": ">=",
    "greater than or equal to": ">=",
    "greater than or equal": ">=",
    "equal or greater to": ">=",
    "equal or greater than": ">=",
    "equal to or more than": ">=",
    "> / =": ">=",
    ">/ =": ">=",
    "≧": ">=",
    "more than or equal to": ">=",
    "equal to or greater than": ">=",
    "<=": "<=",
    "=<": "<=",
    "≤": "<=",
    "⩽": "<=",
    "</=": "<=",
    "< or =": "<=",
    "no more than": "<=",
    "not more than": "<=",
    "no greater than": "<=",
    "not greater than": "<=",
    "not exceeding": "<=",
    "less than or equal to": "<=",
    "less than or equal": "<=",
    "equal or less than": "<=",
    "< / =": "<=",
    "</ =": "<=",
    "≦": "<=",
    "equal to or less than": "<=",
    "up to": "<=",
    ">": ">",
    "greater than": ">",
    "more than": ">",
    "higher than": ">",
    "above": ">",
    "exceeding": ">",
    "<": "<",
    "less than": "<",
    "lower than": "<",
    "below": "<",
}
# letters or digits just before a word comparator belong to another word; a sign may follow a name ("Hb< 8.5")
COMPARATOR_PATTERN = "|".join(
    (r"(?<!\w)" + re.escape(c) + r"\b" if c[0].isalpha() else re.escape(c))
    for c in sorted(COMPARATORS, key=len, reverse=True)
)
