"""The prefix map that turns mapping CURIEs into the IRIs each community uses.

External prefixes (CHEBI, MONDO, ror, wikidata, loinc, ...) come from the Bioregistry: OBO PURLs
for OBO ontologies, https://ror.org/ for ROR, and the Bioregistry's URI format for the rest. The
map is stored in data/mappings/prefixes.json so that a build needs neither the network nor the
(slow to import) bioregistry package; `python -m trialgraph.links.prefixes` writes it anew, and a test
checks that the stored map still agrees with the Bioregistry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import curies
from rdflib import URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..errors import InputError

# The external resources our mapping tables use, by Bioregistry prefix.
EXTERNAL_PREFIXES = (
    "atc", "chebi", "doid", "drugbank", "hp", "icd10", "icd10cm", "loinc", "mesh", "mondo", "ncit", "ror", "rxnorm",
    "ucum", "uo", "wikidata",
)  # fmt: skip

# Where the ontology fixes another of the Bioregistry's known URI prefixes: MeSH terms are NLM's
# MeSH RDF IRIs (tg:meshCondition and its shape), which the Bioregistry gives as mesh's RDF prefix.
URI_PREFIX_CHOICES = {"mesh": "http://id.nlm.nih.gov/mesh/"}

# Our own namespaces and the vocabularies of the mapping tables themselves.
LOCAL_PREFIXES = {
    "condition": "https://w3id.org/trialgraph/id/condition/",
    "drugclass": "https://w3id.org/trialgraph/id/drug-class/",
    "intervention": "https://w3id.org/trialgraph/id/intervention/",
    "measure": "https://w3id.org/trialgraph/id/measure/",
    "organization": "https://w3id.org/trialgraph/id/organization/",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    # QUDT's own prefix for its unit vocabulary (the Bioregistry's `qudt` is the schema).
    "qudtunit": "http://qudt.org/vocab/unit/",
}


def bioregistry_records() -> list[curies.Record]:
    """The records for EXTERNAL_PREFIXES as the installed Bioregistry gives them (dev dependency)."""
    import bioregistry  # imported here: it takes seconds and only the refresh and its test need it

    records = []
    for prefix in EXTERNAL_PREFIXES:
        resource = bioregistry.get_resource(prefix)
        if resource is None:
            raise ValueError(f"the Bioregistry has no prefix {prefix!r}")
        canonical = bioregistry.get_preferred_prefix(prefix) or prefix
        uri_prefix = URI_PREFIX_CHOICES.get(prefix, bioregistry.get_uri_prefix(prefix))
        if uri_prefix not in resource.get_uri_prefixes():
            raise ValueError(f"the Bioregistry does not know {uri_prefix} for {prefix}")
        records.append(
            curies.Record(
                prefix=canonical,
                uri_prefix=uri_prefix,
                prefix_synonyms=sorted((resource.get_synonyms() | {prefix}) - {canonical}),
                pattern=bioregistry.get_pattern(prefix),
            )
        )
    return records


def local_records() -> list[curies.Record]:
    return [curies.Record(prefix=prefix, uri_prefix=uri) for prefix, uri in LOCAL_PREFIXES.items()]


def write_prefix_map(path: Path) -> None:
    records = bioregistry_records() + local_records()
    payload = [record.model_dump(exclude_defaults=True) for record in records]
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@cache
def load_converter(path: Path) -> curies.Converter:
    try:
        return curies.Converter.from_extended_prefix_map(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the prefix map: {error}", path) from error


@cache
def patterns(path: Path) -> dict[str, re.Pattern[str]]:
    """Each canonical prefix's local-identifier pattern, where the Bioregistry gives one."""
    return {r.prefix: re.compile(r.pattern) for r in load_converter(path).records if r.pattern}


def compact(value: Node | None, namespaces: NamespaceManager | None) -> str:
    """An IRI as prefix:local where a prefix is known; anything else as plain text."""
    if isinstance(value, URIRef) and namespaces is not None:
        try:
            return namespaces.normalizeUri(value)
        except Exception:  # not every IRI splits into a prefix and a local name
            return str(value)
    return "" if value is None else str(value)


# a local name that rdflib's split_uri splits off whole after a final "/" or "#": it scans back over name characters
# and then splits at the first letter, digit or "_"
_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_PLAIN_TAIL = re.compile(r"[A-Za-z0-9_.\-]*")
_XMLNS = "http://www.w3.org/XML/1998/namespace"
_UNBOUND, _SLOW = "<", None  # what a namespace's IRIs compact to: <IRI>, or whatever compact() says of each


class Compactor:
    """compact() for many IRIs over the same `namespaces`, with the same texts, worked out once per namespace.

    rdflib's normalizeUri walks each IRI character by character (most of the time of printing a store's
    matches). An IRI whose local name after its last "/" or "#" is plain (_SIMPLE_LOCAL) splits there, so
    its text is that namespace's prefix, a colon and the local name, or <IRI> where the namespace has none.
    The first IRI of each namespace is compacted by compact() itself and the rule is kept only if it gives
    the same text, and not for a namespace that another bound one extends within a local name (rdflib takes the
    longest)."""

    def __init__(self, namespaces: NamespaceManager | None):
        self.namespaces = namespaces
        self._bound = [str(ns) for _, ns in namespaces.namespaces()] if namespaces is not None else []
        self._rules: dict[str, str | None] = {}

    def __call__(self, value: Node | None) -> str:
        ruled = self._ruled(value)
        if ruled is None:
            return compact(value, self.namespaces)
        rule, local = ruled
        return f"<{value}>" if rule == _UNBOUND else rule + local

    def below(self, base: URIRef, iris: Iterable[str]) -> list[str]:
        """Each of `iris` (IRIs as text) as this writes it. One that is `base` and then only name characters (a
        criterion's IRI after its trial's) is in base's namespace with a plain local name too, so where base is
        written prefix:local, it is written so followed by those characters: no split for each."""
        head, start = self._head(base), len(base)
        return [
            head + iri[start:]
            if head is not None and iri.startswith(base) and _PLAIN_TAIL.fullmatch(iri, start)
            else self(URIRef(iri))
            for iri in iris
        ]

    def after(self, base: URIRef, tails: str, marker: str) -> str | None:
        """The IRIs that are `base` and then each part of `tails` (each part after `marker`, which no part holds),
        as below() writes them, joined by ", ": at once, where base is written prefix:local and every part is
        only name characters; None otherwise."""
        head = self._head(base)
        if head is None or not _PLAIN_TAIL.fullmatch(tails.replace(marker, "")):
            return None
        return head + tails[len(marker) :].replace(marker, ", " + head)

    def _head(self, base: URIRef) -> str | None:
        """How `base` is written where it is prefix:local (then an IRI that is base and name characters is written
        so, followed by them); None otherwise."""
        ruled = self._ruled(base)
        return ruled[0] + ruled[1] if ruled is not None and ruled[0] != _UNBOUND else None

    def _ruled(self, value: Node | None) -> tuple[str, str] | None:
        """The rule of an IRI's namespace and its local name, for an IRI whose local name is plain and whose
        namespace's rule holds; None for anything compact() must write."""
        if type(value) is not URIRef or self.namespaces is None:
            return None
        split = max(value.rfind("/"), value.rfind("#")) + 1
        local = value[split:]
        if not split or not _SIMPLE_LOCAL.fullmatch(local) or value.startswith(_XMLNS):
            return None
        namespace = value[:split]
        rule = self._rules.get(namespace, "")
        if rule == "":
            rule = self._rules[namespace] = self._rule(namespace, value, local)
        return (rule, local) if rule is not _SLOW else None

    def _rule(self, namespace: str, value: URIRef, local: str) -> str | None:
        assert self.namespaces is not None
        text = compact(value, self.namespaces)
        # a longer bound namespace could start one of these IRIs only if what it adds holds no "/" or "#"
        if any(ns != namespace and ns.startswith(namespace) and _plain_end(ns[len(namespace) :]) for ns in self._bound):
            return _SLOW
        prefix = self.namespaces.store.prefix(URIRef(namespace))
        if prefix is None:
            return _UNBOUND if text == f"<{value}>" else _SLOW
        return f"{prefix}:" if text == f"{prefix}:{local}" else _SLOW


def _plain_end(text: str) -> bool:
    return "/" not in text and "#" not in text


if __name__ == "__main__":  # python -m trialgraph.links.prefixes: refresh the stored map
    from ..paths import project_paths

    target = project_paths().prefix_map_file
    write_prefix_map(target)
    print(f"wrote {target}")
