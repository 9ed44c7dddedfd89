"""The terminal self-quiz: sessions, the SQLite history and review scheduling.

`commands` contains the click commands `quiz` and `stats`; it imports only click and the
standard library at module level so that the CLI starts fast.
"""
