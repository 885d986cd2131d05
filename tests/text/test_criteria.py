"""Criteria split into inclusion and exclusion items: the headings registry records write."""

from __future__ import annotations

import pytest

from trialgraph.text.criteria import split_criteria


@pytest.mark.parametrize(
    "heading",
    [
        "1.1 Inclusion criteria",
        "Stage I Inclusion Criteria",
        "Screening (Visit 1) Inclusion Criteria",
        "2. Inclusion Criteria:",
    ],
)
def test_a_numbered_or_qualified_heading_opens_its_section(heading):
    # NCT04855435, NCT06772168; issue 14's "1.1 Inclusion criteria"
    split = split_criteria(
        f"{heading}\n\n1. Adults\n\nExclusion Criteria:\n\n* Meets all inclusion criteria of another trial"
    )
    assert split.unplaced == [] and [(i.section, i.text) for i in split.items] == [
        ("inclusion", "Adults"),
        ("exclusion", "Meets all inclusion criteria of another trial"),
    ]
