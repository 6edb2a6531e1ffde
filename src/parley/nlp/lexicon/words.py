"""Closed-class and calendar words shared by the NLP components, each list defined once here.

Open lists that users may extend (speech cues, trigger words, titles, occupations, idioms) live in
``src/parley/data/`` as YAML instead.
"""

from __future__ import annotations

# Month names and their abbreviations -> month number.
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                       "oct": 10, "nov": 11, "dec": 12}
MONTHS: dict[str, int] = {name: n for n, name in enumerate(MONTH_NAMES, 1)} | MONTH_ABBREVIATIONS

# Weekday names -> ISO weekday number.
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}

# Third-person singular personal pronouns -> the gender they carry.
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                  "herself": "f"}

# Articles: the determiners that never belong to a name.
ARTICLES = {"the", "a", "an"}
# Articles, possessive and demonstrative determiners and quantifiers that open a noun phrase.
DETERMINERS = ARTICLES | {"its", "their", "his", "her", "our", "my", "your", "this", "that", "these", "those", "some",
                          "any", "all", "both", "each"}
