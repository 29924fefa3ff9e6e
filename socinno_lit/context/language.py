"""Languages: a small offline detector, the stop-word lists, and language-field parsing.

The detector scores a text against stop-word profiles shipped as package data
(``socinno_lit/context/data/stopwords/<code>.txt``). A word found in several lists splits its vote
between them, so the words that tell languages apart decide. Danish, Norwegian and Swedish
share most function words; among them letter patterns decide as well: Swedish ä/ö and
-erna, Norwegian -sjon, kj-/gj-, -ene, Danish -hed and -erne. When the evidence is thin or
two languages tie the answer is ``""``, never a guess: a Norwegian text must not come back
as Danish.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from ..errors import ConfigurationError

# ISO 639-1 code | English name | other names, native names and ISO 639-2/3 codes.
_TABLE = """
aa|Afar|aar
ab|Abkhazian|abk
af|Afrikaans|afr
ak|Akan|aka
am|Amharic|amh
ar|Arabic|ara;arabe;árabe;arabisch;arabisk
as|Assamese|asm
ay|Aymara|aym
az|Azerbaijani|aze;azeri
ba|Bashkir|bak
be|Belarusian|bel
bg|Bulgarian|bul;български
bi|Bislama|bis
bm|Bambara|bam
bn|Bengali|ben;bangla
bo|Tibetan|bod;tib
br|Breton|bre
bs|Bosnian|bos
ca|Catalan|cat;català
ce|Chechen|che
co|Corsican|cos
cs|Czech|ces;cze;čeština;cestina;tjekkisk
cy|Welsh|cym;wel;cymraeg
da|Danish|dan;dansk;danois;dänisch;danés;danese;deens;tanska
de|German|deu;ger;deutsch;allemand;alemán;tysk;tyska;duits;tedesco
dv|Divehi|div;dhivehi;maldivian
dz|Dzongkha|dzo
ee|Ewe|ewe
el|Greek|ell;gre;modern greek;ελληνικά;græsk;grekisk;gresk
en|English|eng;engelsk;anglais;inglés;englisch;engels;inglese;englanti
eo|Esperanto|epo
es|Spanish|spa;español;espanol;castellano;spansk;spanska;espagnol;spanisch
et|Estonian|est;eesti
eu|Basque|eus;baq;euskara
fa|Persian|fas;per;farsi
ff|Fulah|ful;fula
fi|Finnish|fin;suomi;finsk;finska
fj|Fijian|fij
fo|Faroese|fao;føroyskt;færøsk
fr|French|fra;fre;français;francais;fransk;franska;französisch;francés
fy|Western Frisian|fry;frisian
ga|Irish|gle;gaeilge
gd|Scottish Gaelic|gla;gaelic
gl|Galician|glg;galego
gn|Guarani|grn
gu|Gujarati|guj
gv|Manx|glv
ha|Hausa|hau
he|Hebrew|heb;iw;עברית
hi|Hindi|hin
hr|Croatian|hrv;hrvatski
ht|Haitian Creole|hat;haitian
hu|Hungarian|hun;magyar
hy|Armenian|hye;arm
id|Indonesian|ind;bahasa indonesia
ig|Igbo|ibo
is|Icelandic|isl;ice;íslenska;islandsk
it|Italian|ita;italiano;italiensk;italienska;italienisch
iu|Inuktitut|iku
ja|Japanese|jpn;日本語;japansk
jv|Javanese|jav
ka|Georgian|kat;geo
kk|Kazakh|kaz
kl|Greenlandic|kal;kalaallisut;grønlandsk
km|Khmer|khm;cambodian
kn|Kannada|kan
ko|Korean|kor;한국어;koreansk
ks|Kashmiri|kas
ku|Kurdish|kur
ky|Kyrgyz|kir;kirghiz
la|Latin|lat;latinsk
lb|Luxembourgish|ltz;lëtzebuergesch
lg|Ganda|lug;luganda
ln|Lingala|lin
lo|Lao|lao
lt|Lithuanian|lit;lietuvių
lv|Latvian|lav;latviešu
mg|Malagasy|mlg
mh|Marshallese|mah
mi|Maori|mri;mao;māori
mk|Macedonian|mkd;mac
ml|Malayalam|mal
mn|Mongolian|mon
mr|Marathi|mar
ms|Malay|msa;may;bahasa melayu
mt|Maltese|mlt;malti
my|Burmese|mya;bur
na|Nauru|nau;nauruan
ne|Nepali|nep
nl|Dutch|nld;dut;nederlands;flemish;vlaams;hollandsk;nederlandsk;niederländisch;néerlandais
no|Norwegian|nor;nb;nob;nn;nno;norsk;bokmål;bokmal;nynorsk;norwegian bokmål;norwegian bokmal;norwegian nynorsk;norska;norwegisch
ny|Chichewa|nya;nyanja
oc|Occitan|oci
om|Oromo|orm
or|Odia|ori;oriya
pa|Punjabi|pan;panjabi
pl|Polish|pol;polski;polsk;polska;polnisch
ps|Pashto|pus;pushto
pt|Portuguese|por;português;portugues;portugisisk;portugisiska
qu|Quechua|que
rm|Romansh|roh
rn|Kirundi|run;rundi
ro|Romanian|ron;rum;română;romana;moldovan
ru|Russian|rus;русский;russisk;ryska
rw|Kinyarwanda|kin
sa|Sanskrit|san
sc|Sardinian|srd
sd|Sindhi|snd
se|Northern Sami|sme;sami;samisk
sg|Sango|sag
si|Sinhala|sin;sinhalese
sk|Slovak|slk;slo;slovenčina
sl|Slovenian|slv;slovene;slovenščina
sm|Samoan|smo
sn|Shona|sna
so|Somali|som
sq|Albanian|sqi;alb;shqip
sr|Serbian|srp;српски;srpski;montenegrin
ss|Swati|ssw
st|Southern Sotho|sot;sesotho
su|Sundanese|sun
sv|Swedish|swe;svenska;svensk;suédois;schwedisch;sueco;zweeds;ruotsi
sw|Swahili|swa;kiswahili
ta|Tamil|tam
te|Telugu|tel
tg|Tajik|tgk
th|Thai|tha
ti|Tigrinya|tir
tk|Turkmen|tuk
tl|Tagalog|tgl;filipino;fil
tn|Tswana|tsn;setswana
to|Tongan|ton
tr|Turkish|tur;türkçe;turkce;tyrkisk;turkiska
ts|Tsonga|tso
tt|Tatar|tat
ty|Tahitian|tah
ug|Uyghur|uig;uighur
uk|Ukrainian|ukr;українська
ur|Urdu|urd
uz|Uzbek|uzb
vi|Vietnamese|vie;tiếng việt
wo|Wolof|wol
xh|Xhosa|xho
yi|Yiddish|yid
yo|Yoruba|yor
zh|Chinese|zho;chi;中文;mandarin;kinesisk;kinesiska
zu|Zulu|zul
"""

# Word-shape patterns that tell the Scandinavian languages apart, with their weights.
_SCANDINAVIAN = ("da", "no", "sv")
_PATTERNS: dict[str, tuple[tuple[re.Pattern[str], float], ...]] = {
    "da": (
        (re.compile(r"..hed(?:en|er|erne)?$"), 1.0),  # mulighed (no: mulighet, sv: möjlighet)
        (re.compile(r"...erne$"), 1.0),  # kommunerne (no: kommunene, sv: kommunerna)
        (re.compile(r"^(?:af|mellem|gennem|nogle|noget|uden|hvad|bliver|ud|op|efter|endnu|blandt)$"), 1.0),
        (re.compile(r"^ud[^e]."), 0.7),  # udvikling, uddannelse (no: utvikling, utdanning)
        (re.compile(r"ej"), 0.5),  # arbejde, vej (no: arbeid, vei)
        (re.compile(r"^soci"), 0.5),  # social (no: sosial)
        (re.compile(r"..tion(?:en|er|erne)?$"), 0.7),  # organisation (no: organisasjon)
        (re.compile(r"[æø]"), 0.5),
    ),
    "no": (
        (re.compile(r"..sjon(?:en|er|ene)?$"), 1.5),  # organisasjon (da/sv: organisation)
        (re.compile(r"^[kg]j[aeiouyøå]"), 1.0),  # kjønn, gjennom, gjøre
        (re.compile(r"...[^r]ene$"), 0.7),  # kommunene; -erne is Danish
        (re.compile(r"...het(?:en|er|ene)?$"), 0.7),  # mulighet (sv too)
        (re.compile(r"^(?:av|ble|blir|mellom|noen|noe|uten|hva|opp|ut|etter|ennå|blant|ikkje|mye)$"), 1.0),
        (re.compile(r"^ut[^a]."), 0.5),  # utvikling, utfordring
        (re.compile(r"ei"), 0.5),  # arbeid, vei, meir
        (re.compile(r"^sosi"), 1.0),  # sosial (da/sv: social)
        (re.compile(r"kk|tt$"), 0.5),  # artikkel, fått (da: artikel, fået)
        (re.compile(r"[æø]"), 0.5),
    ),
    "sv": (
        (re.compile(r"[äö]"), 1.5),
        (re.compile(r"...erna$"), 1.0),
        (re.compile(r"...het(?:en|er|erna)?$"), 0.7),
        (re.compile(r"..tion(?:en|er|erna)?$"), 0.7),
        (re.compile(r"^ut[^a]."), 0.5),
        (re.compile(r"^(?:och|att|inte|är|för|från|till|också|hur|vad|när|även|genom|mellan|av|ut|upp|efter)$"), 1.0),
    ),
}
_WORD = re.compile(r"[^\W\d_]+")

# Short titles ("Vores miljøansvar") have too few stop words for the profiles above. They
# are called Danish, Norwegian or Swedish only on a word that one of the three spells and
# the others do not, and only when no word of another Nordic language is there: a missed
# Danish title costs little, a Norwegian one called Danish skews the comparison.
_SHORT_MARKERS: dict[str, tuple[re.Pattern[str], ...]] = {
    "da": (
        re.compile(r"^(?:af|mellem|gennem|nogle|noget|uden|hvad|bliver|endnu|blandt|vores|jeres|hvilke|nogen"
                   r"|børn|børns|børnene)$"),
        re.compile(r"..[^sc]hed(?:en|er|ens|erne)?$"),  # mulighed (no: mulighet, sv: möjlighet); not "reached"
        re.compile(r"^ud[^e]."),  # udvikling, uddannelse (no, sv: ut-)
        re.compile(r"^.{4,}ede$"),  # frustrerede (no: frustrerte, sv: frustrerade)
        re.compile(r"skab|æv|æg|øb|øg[^n]|æ[^r]|færd|gtig|(?<!n)ej|køk"),  # samskabelse, forgæves, ældre, velfærd,
        # dygtig, arbejde, køkken (no: skap, gjev, eldre, velferd, dyktig, arbeid, kjøkken)
        re.compile(r"udvikl|uddann|udfordr|samfund|tillid|erhverv|^børn|^kvind|^grøn$|^sociale$"),  # no: utvikl,
        # utdann, utfordr, samfunn, tillit, næring, barn, kvinn, grønn, sosiale (sv: utveckl, samhälle, kvinn, grön)
        re.compile(r"^af(?!gh)[bdghjklmnpsv]|^ind[bfhkrsv]"),  # afgift, aflyst, indbygger (no, sv: av-, inn-);
        # not "after", "afford", "afghan", "index", "industry"
        re.compile(r"brug|sags|[^sc]heds|^pres$|^skat$"),  # landbrug, sagsbehandling, sundhedsvæsen, pres, skat
        # (no: landbruk, saksbehandling, helsevesen, press, skatt)
    ),
    "no": (
        re.compile(r"^(?:av|ble|blir|mellom|noen|noe|uten|hva|opp|ut|etter|ennå|blant|ikkje|kva|eg|meg|deg|seg"
                   r"|mye|vår|vårt|våre|hjå|berre|korleis|kven|ein|eit|frå|samfunn\w*|barna|eldre)$"),
        re.compile(r"..sjon(?:en|er|ene)?$|^kj[aeiouyøå]|^gj[eøi]|...het(?:en|er|ene)?$|^ut[^a].|^sosi|ei|skap|ferd"
                   r"|ktig"),
        re.compile(r"^(?!alene$|scene$)...[^r]ene$"),  # kommunene; -erne is Danish
        re.compile(r"^inn[bdfghklmnpstv]"),  # innbygger, innvandrer, innsats (da: ind-); not "innovation"
    ),
    "sv": (
        re.compile(r"[äö]"),
        re.compile(r"^(?:och|att|inte|är|för|från|till|också|hur|vad|när|även|genom|mellan|av|ut|upp"
                   r"|vår|vårt|våra|ska|samhäll\w*)$"),
        re.compile(r"...ernas?$|...het(?:en|er|erna)?$|^ut[^a].|skap"),
    ),
    "is": (re.compile(r"[ðþáíúýóé]"),),
}
_MIN_WORDS = 4
_MIN_SHARE = 0.12  # at least this share of the words must be stop words of the winner


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, tuple[str, ...]]]:
    table = {}
    for line in _TABLE.strip().splitlines():
        code, name, others = line.split("|")
        table[code] = (name, tuple(o.strip() for o in others.split(";") if o.strip()))
    return table


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for code, (name, others) in _names().items():
        for alias in (code, name, *others):
            aliases.setdefault(alias.casefold(), code)
    return aliases


def parse_language(value: str) -> str:
    """The ISO 639-1 code of an exported language field, or ``""`` when it names none.

    Accepts codes (``da``, ``dan``), English and native names (``Danish``, ``Dansk``) in
    any case. Every Norwegian form (``nb``, ``nn``, ``nob``, ``Bokmål``) becomes ``"no"``.
    With several languages ("English; Danish") the first is returned.

    Example:
        >>> [parse_language(v) for v in ("Danish", "dan", "da", "Dansk", "Bokmål", "Klingon")]
        ['da', 'da', 'da', 'da', 'no', '']
    """
    found = parse_languages(value)
    return found[0] if found else ""


def parse_languages(value: str) -> tuple[str, ...]:
    """Every language named in a field such as ``"English; Danish"``, as ISO 639-1 codes.

    Example:
        >>> parse_languages("English; Danish")
        ('en', 'da')
    """
    aliases = _aliases()
    whole = " ".join(str(value).split()).casefold()
    if whole in aliases:
        return (aliases[whole],)
    parts = re.split(r"\s*(?:[;,/|+&]|\band\b|\bog\b)\s*", whole)
    codes = [aliases[p.strip(" .()[]")] for p in parts if p.strip(" .()[]") in aliases]
    return tuple(dict.fromkeys(codes))


def language_name(code: str) -> str:
    """The English name of a language code (or of anything :func:`parse_language` reads).

    Example:
        >>> language_name("da"), language_name("nb"), language_name("swe"), language_name("")
        ('Danish', 'Norwegian', 'Swedish', '')
    """
    parsed = parse_language(code) if code else ""
    return _names()[parsed][0] if parsed else ""


@lru_cache(maxsize=None)
def _stopword_file(code: str) -> frozenset[str]:
    try:
        text = resources.files("socinno_lit.context").joinpath("data", "stopwords", f"{code}.txt").read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def detectable_languages() -> tuple[str, ...]:
    """The languages that have a stop-word list, hence that :func:`detect_language` knows.

    Example:
        >>> {"da", "no", "sv", "en"} <= set(detectable_languages())
        True
    """
    folder = resources.files("socinno_lit.context").joinpath("data", "stopwords")
    return tuple(sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt")))


def stopwords(code: str) -> frozenset[str]:
    """The stop words of a language, lower case (``stopwords("da")`` for Danish text).

    Raises:
        ConfigurationError: when no list ships for the language.

    Example:
        >>> {"og", "ikke", "af"} <= stopwords("da"), "og" in stopwords("Danish")
        (True, True)
    """
    parsed = parse_language(code)
    words = _stopword_file(parsed) if parsed else frozenset()
    if not words:
        raise ConfigurationError(
            f"no stop-word list for language {code!r}; available: {', '.join(detectable_languages())}"
        )
    return words


@lru_cache(maxsize=1)
def _votes() -> dict[str, tuple[tuple[str, float], ...]]:
    """For each stop word, its vote for each language whose list holds it (1 / number of lists)."""
    lists = {code: _stopword_file(code) for code in detectable_languages()}
    holders: dict[str, list[str]] = {}
    for code, words in lists.items():
        for word in words:
            holders.setdefault(word, []).append(code)
    return {w: tuple((c, 1.0 / len(codes)) for c in codes) for w, codes in holders.items()}


def language_scores(text: str) -> dict[str, float]:
    """Evidence for each language in ``text``: stop-word votes plus Scandinavian word shapes.

    Example:
        >>> scores = language_scores("Hvordan kan kommunerne styrke samskabelse med borgerne?")
        >>> max(scores, key=scores.get)
        'da'
    """
    words = [w.lower() for w in _WORD.findall(text)]
    scores = dict.fromkeys(detectable_languages(), 0.0)
    votes = _votes()
    for word, count in Counter(words).items():
        for code, weight in votes.get(word, ()):
            scores[code] += weight * count
    if max(scores, key=scores.__getitem__, default="") in _SCANDINAVIAN:
        for code, patterns in _PATTERNS.items():
            scores[code] += _pattern_score(words, patterns)
    return scores


def _pattern_score(words: list[str], patterns: tuple[tuple[re.Pattern[str], float], ...]) -> float:
    return sum(weight for w in words if w != "alene" for pattern, weight in patterns if pattern.search(w))


_DANO_NORWEGIAN = re.compile(r"[æøÆØ]")
_NOT_NORWEGIAN = re.compile(r".(?<!s)[st]ion|...ik(?:ken)?$")


def detect_short_title(title: str, abstract: str = "") -> str:
    """The Scandinavian language of a short title with no abstract, or ``""`` when unsure.

    A title too short for :func:`detect_language` is Danish, Norwegian or Swedish when
    it holds a word only that language spells so (Danish "af", "vores", "-hed", "-ede",
    "forgæves", "ældre"; Norwegian "av", "-sjon", "kj-"; Swedish "och", "ä") and no word
    of another Nordic language (Icelandic included); a title with an English function
    word is left alone.

    Example:
        >>> detect_short_title("Vores miljøansvar"), detect_short_title("Vårt miljøansvar")
        ('da', '')
        >>> detect_short_title("Frustrerede PostNord-kunder venter forgæves")
        'da'
        >>> detect_short_title("Ledelse av frivillige"), detect_short_title("Unleashed potential")
        ('', '')
    """
    if len(_WORD.findall(abstract)) >= _MIN_WORDS:
        return ""
    words = [w.lower() for w in _WORD.findall(title)]
    if not words or any(w in _stopword_file("en") and w not in _stopword_file("da") for w in words):
        return ""  # English words: an English title that happens to end in "-hed"
    hits = nordic_markers(title)
    return hits[0] if len(hits) == 1 and hits[0] != "is" else ""


def nordic_markers(text: str) -> tuple[str, ...]:
    """The Nordic languages (da, no, sv, is) that have a word in ``text`` only they spell so.

    Example:
        >>> nordic_markers("Vores miljøansvar"), nordic_markers("Ledelse av frivillige")
        (('da',), ('no', 'sv'))
    """
    words = [w.lower() for w in _WORD.findall(text)]
    found = [code for code, patterns in _SHORT_MARKERS.items() if any(p.search(w) for w in words for p in patterns)]
    # æ or ø rules out Swedish, -tion/-sion and -ik rule out Norwegian (-sjon, -ikk): "boligstøtte til pensionister".
    if "da" not in found and _DANO_NORWEGIAN.search(text) and any(_NOT_NORWEGIAN.search(w) for w in words):
        found.insert(0, "da")
    return tuple(found)


def detect_record_language(title: str, abstract: str = "") -> str:
    """The language of a record's title and abstract, or ``""`` when unsure.

    :func:`detect_language` on the first 600 characters (they tell as much as the whole
    abstract), vetoed for a Scandinavian answer that no word of that language supports
    while a word of another Nordic language is there; then, for a short title without an
    abstract, :func:`detect_short_title`.

    Example:
        >>> detect_record_language("Vores miljøansvar"), detect_record_language("Social innovation")
        ('da', '')
    """
    sample = f"{title}. {abstract}"[:600]
    found = detect_language(sample)
    if found in _SCANDINAVIAN:
        markers = nordic_markers(sample)
        return "" if markers and found not in markers else found
    return found or detect_short_title(title, abstract)


def detect_language(text: str) -> str:
    """The language of ``text`` as an ISO 639-1 code, or ``""`` when unsure.

    Knows the languages of :func:`detectable_languages` (Danish, Norwegian, Swedish,
    English, German, Dutch, French, Spanish, Italian, Portuguese, Finnish). Norwegian is
    returned as ``"no"`` (bokmål and nynorsk alike).

    Example:
        >>> detect_language("Denne artikel undersøger, hvordan kommunerne samarbejder med civilsamfundet.")
        'da'
        >>> detect_language("Denna artikel undersöker hur kommunerna samarbetar med civilsamhället och varför.")
        'sv'
        >>> detect_language("Social innovation")
        ''
    """
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < _MIN_WORDS:
        return ""
    scores = language_scores(text)
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    best, second = ranked[0], ranked[1]
    hits = sum(1 for w in words if w in _stopword_file(best))
    if hits < 2 or hits < _MIN_SHARE * len(words):
        return ""
    margin = scores[best] - scores[second]
    if margin < 1.0 or scores[best] < 1.25 * scores[second]:
        return ""  # too close to call: better no answer than Norwegian called Danish
    return best
