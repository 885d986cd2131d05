"""The unit a bound's words start with, as UCUM: "x 10^9/L", "/ mm3", "mm Hg", "mL·min-1"."""

from __future__ import annotations

import re

from ..graph.units import UnitError, ucum_code

_PER_POWER = re.compile(r"^(\S+?)\s*[\u00b7.]\s*([A-Za-z]+)-1$")  # "mL·min-1": a unit per another, as exponent -1
UNIT_STOP = re.compile(r"[,;()\[\]]")
_MAX_UNIT_WORDS = 4


def read_unit(rest: str) -> tuple[str, str] | None:
    """The UCUM code and written form of the unit at the start of `rest`: the most words (up to three, before
    any bracket or comma) that read as one unit ("x 10^9/L", "/ mm3", "mm Hg")."""
    words = UNIT_STOP.split(rest, maxsplit=1)[0].split()[:_MAX_UNIT_WORDS]
    for count in range(len(words), 0, -1):
        written = " ".join(words[:count]).rstrip(".:")
        try:
            return ucum_code(_PER_POWER.sub(r"\1/\2", written)), written
        except UnitError:
            continue
    return None
