"""The translation engines' names and the key's environment variable.

A module of its own so that reading the config (and validating --translator) does not import the
translation machinery, which is not needed for the first frame.
"""

KEY_ENV = "READER_TRANSLATOR_KEY"

ENGINES = ("google", "libre", "mymemory", "deepl", "microsoft")
