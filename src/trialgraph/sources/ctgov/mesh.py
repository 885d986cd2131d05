"""MeSH unique identifiers as ClinicalTrials.gov gives them, back to their real form.

MeSH UIs were 7 characters (D001943) until NLM moved new ones to 10 (D000070642), continuing the
numbering (NLM Technical Bulletin 2013 Mar-Apr, "MeSH Unique Identifiers: Length Expanding to Ten
Characters"). Some API v2 records pad old UIs to 10 characters: D000001943 is D001943. Because the
numbering continued, a padded number at or below the highest UI known in 7-character form is an
old UI, and one at or above the lowest UI known in 10-character form is a new one. The bounds below
are UIs seen in unpadded records of ../shared/ctgov (D065626; D000068099) and in NLM's bulletin
(C578561). Between them a UI cannot be told apart: it is kept as given and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UI = re.compile(r"([CD])([0-9]{6}|[0-9]{9})")
# series -> (highest number known as a 7-character UI, lowest known as a 10-character UI or None)
_KNOWN_BOUNDS = {"D": (65626, 68099), "C": (578561, None)}


@dataclass(frozen=True)
class MeshId:
    ui: str
    ambiguous: bool = False  # a padded-looking UI that may be either form: kept as given


def normalise_mesh_id(raw: str) -> MeshId:
    """The real MeSH UI for an API v2 id; ValueError for anything that is not a D or C UI.

    >>> normalise_mesh_id("D000001943")
    MeshId(ui='D001943', ambiguous=False)
    >>> normalise_mesh_id("D001943")
    MeshId(ui='D001943', ambiguous=False)
    >>> normalise_mesh_id("D000086382")
    MeshId(ui='D000086382', ambiguous=False)
    >>> normalise_mesh_id("D000066000").ambiguous
    True
    """
    match = _UI.fullmatch(raw.strip())
    if not match:
        raise ValueError(f"not a MeSH descriptor or supplementary concept UI: {raw!r}")
    series, digits = match.groups()
    if len(digits) == 6 or not digits.startswith("000"):
        return MeshId(series + digits)
    number = int(digits)
    last_short, first_long = _KNOWN_BOUNDS[series]
    if number <= last_short:
        return MeshId(f"{series}{number:06d}")
    if first_long is not None and number >= first_long:
        return MeshId(series + digits)
    return MeshId(series + digits, ambiguous=True)
