"""The graph: reading and merging Turtle, units and canonical values, value sets, derived triples
(assembly) and writing output."""
