"""Registry country names to ISO 3166 alpha-2 codes: pycountry, and a table of the names it does not find.

The registry keeps ISO short names that ISO has since changed (Turkey, Swaziland, Cape Verde) and
countries ISO 3166-3 lists as withdrawn; data/shared/country-aliases.tsv gives those their code, each
row with its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry

from ...errors import InputError
from ...paths import table_rows

COLUMNS = ("name", "alpha_2", "source")


@dataclass(frozen=True)
class CountryCodes:
    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> CountryCodes:
        """The alias table; a bad row names the file and line."""
        aliases = {}
        for number, cells in table_rows(path, COLUMNS):
            if len(cells) != len(COLUMNS) or not all(cell.strip() for cell in cells):
                raise InputError(f"a row needs {len(COLUMNS)} non-empty tab-separated cells", path, number)
            name, code, _source = cells
            if _iso_record(code) is None:
                raise InputError(f"{code!r} is no ISO 3166-1 or 3166-3 alpha-2 code", path, number)
            aliases[name] = code
        return cls(aliases)

    def code(self, name: str) -> str | None:
        """The alpha-2 code of a country name, or None when neither ISO's names nor the table know it."""
        return self.aliases.get(name) or _lookup(name)


@lru_cache(maxsize=1024)  # a few hundred country names, looked up for every site of every study
def _lookup(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def _iso_record(code: str) -> object | None:
    return pycountry.countries.get(alpha_2=code) or next(
        (c for c in pycountry.historic_countries if getattr(c, "alpha_2", None) == code), None
    )
