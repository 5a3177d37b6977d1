"""Workshop mode, pure domain: rooms, prompts, packs, aggregates, moderation, export rows.

No Streamlit, spaCy or SQL here: `store/rooms.py` keeps the rows, `ui/` shows them.
"""
