"""One mapper per API v2 module, each `map_module(study)`, in the order of the API documentation."""
