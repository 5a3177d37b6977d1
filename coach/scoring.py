"""Whether a reply can be scored at all, and what to say instead when it cannot.

Two kinds of reply get no verdict: text the engine found not to be English
(`language == "other"`), and replies with no words in them (only emoji, symbols or
punctuation), which can mean too many things to call sarcasm or anything else.
"""

from __future__ import annotations

from nlp.types import Analysis

NOT_ENGLISH = (
    "The feedback is built for English, and this reply looks like another language, so it "
    "was not scored. Try it in English to get feedback."
)
NO_WORDS = (
    "There are no words in this reply, only emoji or symbols. They can mean many things, so "
    "it was not scored. Try saying it in words."
)


def has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def not_scored_reason(analysis: Analysis) -> str | None:
    """Why this reply gets no verdict, or None when it is scored as usual."""
    if analysis.language != "en":
        return NOT_ENGLISH
    if not has_words(analysis.text):
        return NO_WORDS
    return None
