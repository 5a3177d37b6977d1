"""Errors a caller can expect from `nlp/`, each with a message a user can act on."""

from __future__ import annotations

MAX_CHARS = 5000


class InputError(ValueError):
    """The text cannot be analysed as given (the message says why and what to do)."""


class EmptyInputError(InputError):
    def __init__(self) -> None:
        super().__init__("There is nothing to analyse yet: type a reply first.")


class InputTooLongError(InputError):
    """Too long to analyse; `screen` still holds the crisis screen of the whole text, so a
    caller can show the crisis notice even though there is no feedback."""

    def __init__(self, length: int, limit: int = MAX_CHARS, screen: object = None) -> None:
        self.length = length
        self.limit = limit
        self.screen = screen  # nlp.safety.SafetyScreen, or None when not screened
        super().__init__(
            f"That text is {length:,} characters; the limit is {limit:,}. "
            "Practise one reply at a time: paste a shorter part."
        )

    def __reduce__(self):  # keeps length, limit and screen across processes (batch workers)
        return (type(self), (self.length, self.limit, self.screen))


class UnencodableInputError(InputError):
    def __init__(self, position: int, what: str = "That text") -> None:
        self.position = position
        super().__init__(
            f"{what} has a character at position {position + 1:,} that is not valid text "
            "(a broken emoji or a stray half of a character pair, often from copying). "
            "Delete it or retype that part, then try again."
        )


def check_encodable(text: str, what: str = "That text") -> None:
    """Raise UnencodableInputError for lone surrogates and other characters that
    cannot be written as UTF-8 (the parser, the database and the page all need it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UnencodableInputError(exc.start, what) from None


class ModelNotInstalledError(RuntimeError):
    """The spaCy model package is missing."""


class RuleFileError(ValueError):
    """A rule or lexicon file under nlp/ is malformed (the message names file and rule)."""
