"""One spelling for contractions, so rules written as "you're", "what's" or "should've"
match "you are", "whats", "shouldve" and curly apostrophes alike.

spaCy's own norms leave some forms as typed ("'s", "'d", "ve"); this sets the norm of
each contraction token to its full word, on every analysed doc and every phrase pattern.
"""

from __future__ import annotations

from spacy.tokens import Doc

_FULL = {"'ve": "have", "ve": "have", "'m": "am", "m": "am", "'re": "are", "re": "are",
         "'ll": "will", "ll": "will", "'s": "is", "s": "is", "'d": "would", "d": "would"}


TEXT_SPEAK = {"u": "you", "ya": "you", "yu": "you"}


def normalise_contractions(doc: Doc) -> Doc:
    for token in doc:
        if token.lower_ in TEXT_SPEAK:
            token.norm_ = TEXT_SPEAK[token.lower_]
            continue
        key = token.lower_.replace("’", "'")
        if key not in _FULL or token.i == 0:
            continue
        glued = not doc[token.i - 1].whitespace_
        if not glued or (not key.startswith("'") and not doc[token.i - 1].is_alpha):
            continue
        if key in ("'s", "s") and token.tag_ == "POS":
            continue  # possessive: "mum's"
        full = _FULL[key]
        if key in ("'d", "d") and token.tag_ == "VBD":
            full = "had"
        if key in ("'s", "s") and token.tag_ == "VBZ" and token.head.tag_ == "VBN":
            full = "has"
        token.norm_ = full
    return doc
