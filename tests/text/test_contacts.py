"""The contact scrub: e-mail addresses and phone numbers out of imported text, never identifiers,
in linear time on hostile tokens (the timings are in benchmarks/long_tokens.py)."""

from __future__ import annotations

import pytest

from trialgraph.text.contacts import EMAIL_MARK, PHONE_MARK, scrub

MEGABYTE = 1_000_000

# tokens on which the patterns of before issue 11 backtracked quadratically (minutes at 1 MB)
LONG_TOKENS = {
    "letters": "a" * MEGABYTE,
    "dotted": "a." * (MEGABYTE // 2),
    "at-then-letters": "a@" + "b" * (MEGABYTE - 2),
    "at-then-labels": "a@" + "b.1" * (MEGABYTE // 3),
    "digits-8": "12345678 " * (MEGABYTE // 9),
    "plus-then-spaces": "+1" + " " * (MEGABYTE - 2),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", LONG_TOKENS)
def test_a_megabyte_token_is_scrubbed_and_left_as_it_is(kind):
    token = LONG_TOKENS[kind]
    assert scrub(token) == (token, 0)


@pytest.mark.timeout(60)
def test_an_address_after_a_megabyte_token_is_still_found():
    text = "a" * MEGABYTE + " write to jane.doe@example.org or call 212-555-0100"
    assert scrub(text) == ("a" * MEGABYTE + f" write to {EMAIL_MARK} or call {PHONE_MARK}", 2)


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("x@mail.example.org", EMAIL_MARK),
        ("see a.b-c@d-e.f.org.", f"see {EMAIL_MARK}."),
        ("+33 4 72 00 00 00", PHONE_MARK),
        ("call 0123456789", f"call {PHONE_MARK}"),
        ("MeSH C000712049 and D000001943", "MeSH C000712049 and D000001943"),  # issue 13, item 3
        ("EudraCT 2015-001234-56, NCT01234567", "EudraCT 2015-001234-56, NCT01234567"),
    ],
)
def test_what_is_scrubbed_and_what_is_not(text, scrubbed):
    assert scrub(text)[0] == scrubbed
