"""Documents -> records: reading files, the spaCy pipeline and its rule components."""
