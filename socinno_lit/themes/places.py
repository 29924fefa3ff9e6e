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

from ..context.contexts import find_mentions, may_mention
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
        # Most texts name no place: one word split rules them out before the phrase scan.
        if not may_mention(text, self.context):
            return text
        pieces, last = [], 0
        for mention in find_mentions(text, self.context):
            end = mention.end
            if mention.kind == "demonym":  # "Danish municipalities": blank "Danish" only
                first = _WORDS.search(text, mention.start)
                end = first.end() if first else mention.end
            pieces += [text[last : mention.start], _BREAK]
            last = end
        return "".join(pieces) + text[last:]


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
