"""Read: exports and sources in, records out.

Takes files (BibTeX, RIS, Web of Science, PubMed, CSV) and abstract folders; gives a
:class:`~socinno_lit.corpus.Corpus` of records, with a :class:`~socinno_lit.records.Problem`
for every entry that could not be read. :func:`socinno_lit.read.loading.load` is the entry point.
"""
