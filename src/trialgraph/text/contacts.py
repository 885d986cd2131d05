"""Keep contact details out of imported text: e-mail addresses and phone numbers are replaced.

Registry free text sometimes says "contact the coordinator at 212-555-0100 or x@y.org". The graph
never holds such details (the shapes reject them), so they are replaced by a marker and counted.
"""

from __future__ import annotations

import re

# Both patterns run in linear time on any text (benchmarks/long_tokens.py). The local part starts
# only where a run of its characters starts (the look-behind): otherwise each position of a long
# run without "@" would rescan the rest of it, quadratic in the run's length.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"\+\d[\d\s().-]{7,}\d"  # international, written with a leading +
    r"|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"  # North American 212-555-0100, (212) 555 0100
    r"|(?<![A-Za-z0-9])\d{9,}"  # an unbroken run of 9 or more digits (what the shapes forbid), not an
    # identifier's digits (MeSH C000712049): the shapes' pattern skips those too
)
EMAIL_MARK = "[e-mail address removed]"
PHONE_MARK = "[phone number removed]"


def scrub(text: str) -> tuple[str, int]:
    """The text without e-mail addresses and phone numbers, and how many were removed.

    >>> scrub("Call (212) 555-0100 or write to study.team@example.org.")
    ('Call [phone number removed] or write to [e-mail address removed].', 2)
    >>> scrub("Age 18-65, ECOG 0-1, NCT01234567, 2015-001234-56, MeSH C000712049")
    ('Age 18-65, ECOG 0-1, NCT01234567, 2015-001234-56, MeSH C000712049', 0)
    """
    text, emails = _EMAIL.subn(EMAIL_MARK, text)
    text, phones = _PHONE.subn(PHONE_MARK, text)
    return text, emails + phones
