"""Keep the words that decide a record's context out of the theme features.

The classifier places a record in Denmark when its title or abstract names Denmark, a
Danish city or "danske kommuner". Left in the features, those same words pull the
records they decided into themes of their own ("danish data, denmark"), and the
comparison then finds a gap or a surplus that the labelling itself made. The
:class:`PlaceMask` blanks every country name and demonym (of any country) and every
place of the focus context before the text is analysed, keeping the noun a demonym
qualifies ("danske kommuner" leaves "kommuner").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..context.contexts import Context, find_mentions, get_context
from .text import clean

_WORDS = re.compile(r"[^\W\d_]+")
_BREAK = " , "  # punctuation, so that no bigram joins the words either side of a blank


@dataclass(frozen=True)
class PlaceMask:
    """A ``str -> str`` cleaner that blanks the countries, demonyms and focus places a text names.

    Attributes:
        context: the focus context whose cities, regions and municipalities are blanked
            too (every country's names and demonyms are blanked whatever the context).

    Example:
        >>> PlaceMask("denmark")("Co-creation in Danish municipalities and Aarhus Kommune, unlike Norway")
        'Co-creation in  ,  municipalities and  ,  Kommune, unlike  , '
    """

    context: str = "denmark"

    def __call__(self, text: str) -> str:
        # No may_mention() first: two texts in three name a place, and the scan rules out
        # the others about as fast as that test would.
        mentions = find_mentions(text, _resolved(self.context))
        if not mentions:
            return text
        pieces, last = [], 0
        for mention in mentions:
            end = mention.end
            if mention.kind == "demonym":  # "Danish municipalities": blank "Danish" only
                first = _WORDS.search(text, mention.start)
                end = first.end() if first else mention.end
            pieces += [text[last : mention.start], _BREAK]
            last = end
        return "".join(pieces) + text[last:]


@lru_cache(maxsize=16)
def _resolved(context: str) -> Context:
    # Once per context, not once per text: resolving a name looks at the file system.
    return get_context(context)


@dataclass(frozen=True)
class MaskedCleaner:
    """The default text cleaning after a :class:`PlaceMask` (a picklable composition).

    Example:
        >>> MaskedCleaner(PlaceMask("denmark"))("Welfare in Denmark (C) 2016 Elsevier Ltd.")
        'welfare in ,'
    """

    mask: PlaceMask

    def __call__(self, text: str) -> str:
        return clean(self.mask(text))
