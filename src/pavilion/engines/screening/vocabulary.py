"""Word lists the normaliser uses: honorifics, particles, patronymic markers, legal forms.

All entries are written as the normaliser sees them: lower case, Latin, without diacritics
(`oğlu` is looked up as `oglu`; `ООО` arrives as `ooo`).
"""

# Titles and honorifics that say nothing about who a person is; dropped before comparing.
HONORIFICS = frozenset(
    """
    mr mrs ms miss mister dr doctor prof professor sir dame lord lady rev reverend
    sheikh shaikh shaykh sheik shaik cheikh haji hajji hadji hajj alhaji alhaj mullah mulla
    mawlawi maulawi maulvi mawlavi moulavi maulana mawlana molvi ayatollah hojatoleslam imam
    general gen colonel col major maj captain capt lieutenant lt brigadier admiral sergeant
    president vice minister prime king queen prince princess emir his her excellency majesty
    bey pasha efendi xanim xanum muellim muallim cenab hanim
    gospodin gospozha gn gzha
    """.split()
)

# Connecting particles in Arabic, Persian, European and Malay names: they carry little identity,
# so they weigh little when present and cost little when missing.
PARTICLES = frozenset(
    """
    al el ul ad ud ar ur as us ash at az an bin ibn ben bint binti binte bte ebn ibni
    abu abou abo um umm ould ag
    de da di del della dos das do du des la le van von der den ter zu y e
    """.split()
)

# Particles that make word order meaningful (son of, daughter of).
FILIATION_PARTICLES = frozenset("bin ibn ben bint binti binte ebn ibni ould ag".split())

# Arabic article prefixes that may be glued to the next word with a hyphen or apostrophe.
ARTICLE_PREFIXES = ("al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ud", "ur", "us")

# Spellings of the "servant of" prefix: Abdul Rahman, Abd al-Rahman, Abdel Rahman, Abdurrahman.
ABD_PREFIXES = ("abdul", "abdel", "abdal", "abdol", "abdoul", "abdur", "abdus", "abdul", "abdu", "abd")

# Azerbaijani, Turkmen, Uzbek, Kazakh and Russian-spelled patronymic markers (son of / daughter of).
PATRONYMIC_MARKERS = frozenset("oglu ogly ogli ugli uly kizi qizi kyzy qyzy gizi kizy".split())

# Russian and Slavic patronymic endings (Viktorovich, Ivanovna, Ilyich, Fominichna).
PATRONYMIC_SUFFIXES = ("ovich", "evich", "ovych", "evych", "ovna", "evna", "ichna", "inichna", "ilyich",
                       "ovitch", "evitch")

# Gendered surname endings of Slavic and Azerbaijani-in-Russian names: Huseynov / Huseynova.
FEMININE_SURNAME_ENDINGS = ("ova", "eva", "yova", "ina", "skaya", "tskaya", "aya")
MASCULINE_SURNAME_ENDINGS = ("ov", "ev", "yov", "in", "sky", "skiy", "skii", "tsky", "tskiy", "iy", "yi")

# Legal forms grouped by kind: a joint-stock company and a limited-liability company with the same
# trading name are usually different legal persons; "Ltd" and "Limited" are the same form.
LEGAL_FORMS = {
    "limited_liability": [
        "llc", "l l c", "limited liability company", "gmbh", "ooo", "mmc", "sarl", "srl", "s r l",
        "g m b h", "bv", "b v", "sp z o o", "sp zoo", "spzoo", "tov", "too", "mchj", "mmj", "ltd shti", "ltd sti",
        "gesellschaft mit beschrankter haftung", "societatea cu raspundere limitata",
        "obshchestvo s ogranichennoy otvetstvennostyu", "obshchestvo s ogranichennoi otvetstvennostiu",
        "mehdud mesuliyyetli cemiyyet", "mahdud masuliyyatli jamiyyat",
        "ltd", "limited", "pte ltd", "pty ltd", "pvt ltd", "private limited", "co ltd", "llp", "l p", "lp",
    ],
    "joint_stock": [
        "ag", "ao", "oao", "zao", "pao", "jsc", "ojsc", "cjsc", "pjsc", "ojsc", "asc", "qsc", "asj", "qsj", "sa",
        "s a", "spa", "s p a", "nv", "n v", "plc", "a s", "as", "a sh", "ash", "joint stock company", "public joint stock company",
        "closed joint stock company", "public limited company", "p l c", "aktiengesellschaft",
        "aktsionernoe obshchestvo", "publichnoe aktsionernoe obshchestvo", "akciju sabiedriba",
        "aciq sehmdar cemiyyeti", "achiq sahmdar jamiyyati", "qapali sehmdar cemiyyeti",
        "anonim sirketi", "anonim shirketi", "open joint stock company", "kk", "ab", "oyj", "asa",
    ],
    "generic": [
        "inc", "incorporated", "corp", "corporation", "co", "company", "group", "holding", "holdings",
        "the", "and", "ano",
    ],
}

# Number words so that "Brigade Forty-Four" meets "Brigade 44" and "1st" meets "First".
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "first": "1", "second": "2",
    "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9",
    "tenth": "10", "1st": "1", "2nd": "2", "3rd": "3", "4th": "4", "5th": "5", "6th": "6", "7th": "7",
    "8th": "8", "9th": "9", "10th": "10",
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}

# Given names so frequent among listed persons that sharing one says little.
COMMON_GIVEN_NAMES = frozenset(
    """
    mohammed muhammad mohammad mohamed mohamad muhammed ahmed ahmad ali hassan hasan hussein husain
    abdullah abd abdallah omar umar mahmoud mahmud ibrahim khan shah said sayed syed mullah
    """.split()
)
