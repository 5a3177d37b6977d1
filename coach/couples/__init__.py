"""Couples mode: the speaker–listener exercise as pure data and pure functions.

`session` holds the state machine, `listening` the listener check, `exercises` the guided
sets, `summary` the per-partner summary and `pairing` the codes two phones join with.
Nothing here imports Streamlit, spaCy or SQL.
"""
