"""Context: tell national research from international research, record by record.

Takes a corpus and a context (Denmark by default, any country, or a user's file); gives
the corpus with each record's ``context`` and the ``evidence`` for it.
"""
