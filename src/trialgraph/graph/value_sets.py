"""Registry enum values to value-set concepts, by each concept's skos:notation in its scheme.

The vocabulary is read once; a value with no concept is never guessed (the importer keeps it as a literal).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import SKOS

TGV = Namespace("https://w3id.org/trialgraph/vocab/")


class ValueSets:
    """Look up `(scheme, notation)` in ontology/vocabulary.ttl."""

    def __init__(self, vocabulary: Graph):
        self._concepts: dict[tuple[str, str], URIRef] = {}
        for concept, scheme in vocabulary.subject_objects(SKOS.inScheme):
            for notation in vocabulary.objects(concept, SKOS.notation):
                name = str(scheme).removeprefix(str(TGV))
                self._concepts[(name, str(notation))] = URIRef(concept)

    @classmethod
    def load(cls, path: Path) -> ValueSets:
        return cls(Graph().parse(path, format="turtle"))

    def find(self, scheme: str, value: object) -> URIRef | None:
        """The concept of `scheme` whose notation is `value`, or None.

        >>> sets = ValueSets(Graph().parse(data='''
        ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ...     <https://w3id.org/trialgraph/vocab/phase-2> skos:inScheme <https://w3id.org/trialgraph/vocab/Phase> ;
        ...         skos:notation "PHASE2" .''', format="turtle"))
        >>> sets.find("Phase", "PHASE2").n3()
        '<https://w3id.org/trialgraph/vocab/phase-2>'
        >>> sets.find("Phase", "PHASE9") is None
        True
        """
        return self._concepts.get((scheme, value)) if isinstance(value, str) else None
