"""Records -> RDF: vocabulary, building named graphs, stores and the named questions."""
