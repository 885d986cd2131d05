"""The kind of an outcome measure (progression-free survival, overall survival...) read from its title.

A conservative reader: a title is coded only when, after a leading part label ("Part 1:", "Efficacy
assessment:"), it *starts with* the name of exactly one kind, and what follows is only the kind's
abbreviation or a qualifier (who assessed it, by which criteria, at what time, in whom). A title that
names two kinds ("OS, PFS, DOR"), or names a kind inside other words ("Change in ... Criteria for
Adverse Events"), is left uncoded: a wrong code is worse than none. The notations are those of the
tgv:OutcomeKind scheme in ontology/vocabulary.ttl.
"""

from __future__ import annotations

import re

# a leading label such as "Part 1:", "Part A: Dose Escalation:", "Efficacy assessment:", "(Safety Lead-in)"
_LABEL = re.compile(
    r"^\s*(?:(?:part\s+[\w ,&-]{1,40}?|efficacy(?: assessment| endpoint)?|safety(?: assessment)?)\s*:\s*)+|"
    r"^\s*\([^)]{1,30}\)\s*",
    re.IGNORECASE,
)
# words that may follow a kind's name without changing what is measured
_QUALIFIER = (
    r"(?:$|\s*:|[\s,.;:(-]+(?:\(|by\b|per\b|as\b|assessed\b|according\b|based\b|using\b|in\b|at\b|of\b|rate\b|"
    r"for\b|from\b|up\b|through\b|defined\b|determined\b|measured\b|evaluated\b|\[|$))"
)

# notation -> the name (and synonyms) the title must start with
_NAMES = {
    "PFS": r"progression[- ]free[- ]survival|pfs\b",
    "OS": r"overall survival|os\b",
    "DFS": r"(?:invasive )?disease[- ]free survival|i?dfs\b",
    "ORR": r"(?:objective|overall)(?: clinical)? response(?: rate)?|orr\b",
    "CBR": r"clinical benefit(?: rate)?|cbr\b",
    "DOR": r"duration of (?:the )?response|dou?r\b",
    "DLT": r"(?:first[- ]cycle )?dose[- ]limit(?:ing|ed) toxicit(?:y|ies)|dlts?\b",
    "AE": (
        r"(?:(?:number|percentage|proportion|incidence|frequency|rate)(?: and (?:severity|type|nature))? of "
        r"(?:participants|patients|subjects) (?:with|experiencing|reporting|who (?:have|had|experienced?)) "
        r"(?:at least one |any )?|(?:incidence|frequency|number|rate)(?: and (?:severity|type|nature))? of )?"
        r"(?:(?:treatment[- ]emergent|serious|on-treatment|grade [0-9 ]+(?:and [0-9]+ )?|drug[- ]related) )*"
        r"adverse events?|(?:te)?saes?\b|teaes?\b|aes\b"
    ),
    "PK": (
        r"pharmacokinetics?\b|pk\b|(?:maximum|peak) (?:observed )?(?:plasma |serum |blood )?concentration|cmax\b|"
        r"area under the (?:plasma |serum |blood )?concentration|auc(?:0?-?\w*)?\b|"
        r"(?:terminal )?(?:elimination )?half[- ]life"
    ),
}
_STARTS = {kind: re.compile(rf"(?:{name}){_QUALIFIER}", re.IGNORECASE) for kind, name in _NAMES.items()}
_ANYWHERE = {kind: re.compile(rf"\b(?:{name})", re.IGNORECASE) for kind, name in _NAMES.items()}


def outcome_kind(title: str) -> str | None:
    """The notation of the one kind `title` names, or None when it names none, several, or one unclearly.

    >>> [outcome_kind(t) for t in ("Progression-free survival (PFS)", "Overall Survival", "Objective response rate")]
    ['PFS', 'OS', 'ORR']
    >>> outcome_kind("Part 1: Progression Free Survival (PFS) assessed by the IRAC")
    'PFS'
    >>> outcome_kind("Percentage of Participants With Serious Adverse Events (SAEs)")
    'AE'
    >>> outcome_kind("Pharmacokinetics: Maximum plasma concentration (Cmax)")
    'PK'
    >>> outcome_kind("Part B: Esophageal Cohort Expansion: OS, PFS, DOR, rate & duration of disease control") is None
    True
    >>> outcome_kind("Change from Baseline in Symptoms as Assessed by the Criteria for Adverse Events") is None
    True
    >>> outcome_kind("Overall survival and progression-free survival") is None
    True
    """
    text = _LABEL.sub("", title.strip(), count=1)
    found = [kind for kind, pattern in _STARTS.items() if pattern.match(text)]
    if len(found) != 1:
        return None
    kind = found[0]
    # a second kind named further on ("PFS and OS") makes the title a list, not one measure
    others = [k for k, pattern in _ANYWHERE.items() if k != kind and pattern.search(text[len(_prefix(kind, text)) :])]
    return None if others else kind


def _prefix(kind: str, text: str) -> str:
    match = _STARTS[kind].match(text)
    return text[: match.end()] if match else ""
