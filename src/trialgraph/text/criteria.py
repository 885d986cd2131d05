"""Split a registry's eligibility criteria text into inclusion and exclusion items.

ClinicalTrials.gov writes the criteria as light Markdown: an "Inclusion Criteria:" heading, a
bulleted or numbered list (indented bullets are sub-items), then "Exclusion Criteria:". Each item
keeps its text as written (Markdown escapes such as `\\>` undone); text the split cannot place
under a heading is reported, never assigned to a section by guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# "Inclusion Criteria:", "* EXCLUSION CRITERIA:", "Key inclusion criteria for cohort A:", "Exclusion:", "Inclusion";
# numbered or qualified: "1.1 Inclusion criteria", "Stage I Inclusion Criteria", "Screening (Visit 1) Inclusion ..."
_HEADING = re.compile(
    r"^[\s*#_-]*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:(?:key|main|general|other)\s+)?(inclusion|exclusion)"
    r"(?:\s+criteria\b[^.:\n]{0,40}?[:*_\s]*|\s*:?[*_\s]*)$"
    # a qualified heading has capitalised words before it, no bullet ("* Meets all inclusion criteria" is an item)
    r"|^\s*(?:#+\s*)?(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?-i:(?:(?:[A-Z]\w*|\(\w[\w ]*\))\s+){1,4}?)"
    r"(inclusion|exclusion)\s+criteria\s*:?[*_\s]*$",
    re.IGNORECASE,
)
_BULLET = re.compile(
    r"^(?P<indent>\s*)(?:[*•·-]|(?P<number>\d{1,3})[.)]|\((?P<paren>\w{1,3})\)|(?P<letter>[a-z])[.)])\s+(?P<text>\S.*)$"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~^=])")


@dataclass
class CriterionItem:
    section: str  # "inclusion" or "exclusion"
    text: str
    position: int  # order in the whole text, from 1
    source_number: str | None = None
    parent: int | None = None  # position of the item this one is indented under
    indent: int = field(default=0, repr=False)


@dataclass
class CriteriaSplit:
    items: list[CriterionItem]
    unplaced: list[str]  # non-empty lines before any heading


def unescape(text: str) -> str:
    r"""Undo Markdown backslash escapes.

    >>> unescape(r"ALT \> 5 x ULN; 11\. item")
    'ALT > 5 x ULN; 11. item'
    """
    return _ESCAPE.sub(r"\1", text)


def split_criteria(text: str) -> CriteriaSplit:
    """Items under inclusion and exclusion headings, in order, with nesting by indentation.

    >>> text = "1.1 Inclusion Criteria:\\n\\n* Adults\\n  * aged 18-65\\n\\nStage I Exclusion Criteria\\n\\n1. Pregnant"
    >>> for i in split_criteria(text).items:
    ...     print(i.section, i.text, i.position, i.source_number, i.parent)
    inclusion Adults 1 None None
    inclusion aged 18-65 2 None 1
    exclusion Pregnant 3 1 None
    """
    items: list[CriterionItem] = []
    unplaced: list[str] = []
    section: str | None = None
    open_stack: list[CriterionItem] = []  # the items the next line may nest under
    continuing: CriterionItem | None = None
    for line in text.splitlines():
        if not line.strip():
            continuing = None
            continue
        heading = _HEADING.match(line)
        if heading:
            section = (heading.group(1) or heading.group(2)).lower()
            open_stack, continuing = [], None
            continue
        if section is None:
            unplaced.append(unescape(line.strip()))
            continue
        bullet = _BULLET.match(unescape(line))  # "11\\." is a numbered item written with an escape
        if bullet is None and continuing is not None:
            continuing.text = f"{continuing.text} {unescape(line.strip())}"
            continue
        indent = len(bullet.group("indent").expandtabs(4)) if bullet else len(line) - len(line.lstrip())
        body = bullet.group("text") if bullet else line.strip()
        number = (bullet.group("number") or bullet.group("paren") or bullet.group("letter")) if bullet else None
        while open_stack and open_stack[-1].indent >= indent:
            open_stack.pop()
        item = CriterionItem(
            section=section,
            text=unescape(body.strip()),
            position=len(items) + 1,
            source_number=number,
            parent=open_stack[-1].position if open_stack else None,
            indent=indent,
        )
        items.append(item)
        open_stack.append(item)
        continuing = item
    return CriteriaSplit(items, unplaced)
