"""Enrichment from OpenAlex: complete records by DOI, and fetch whole corpora for a query.

:func:`~socinno_lit.enrich.works.enrich` fills what records lack (countries, abstracts,
languages ...), :func:`~socinno_lit.enrich.fetch.fetch_works` writes the works matching a
query to a JSON Lines file; both go through the cached, retrying
:class:`~socinno_lit.enrich.client.OpenAlexClient`.
"""
