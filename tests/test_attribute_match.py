"""The indexed attribute-ruler match returns exactly what the ruler's Matcher returns."""

import pytest
from spacy.lang.en import English
from spacy.pipeline import AttributeRuler

from nlp.attribute_match import IndexedMatch, index_attribute_ruler

# The ruler's word exceptions (gonna, gotta, let's, y'all, ain't, nothin', there's), its
# tag map, DEP tests and whitespace tokens.
TEXTS = [
    "I'm gonna go, you gotta come. Let's see, y'all ain't ready.",
    "Y all said nothin' and there's two of them; there were three.",
    "Did you do it?  Have you had lunch?\n\nHe has, and she does.",
    "c'm on!! What a day. Which one? That one, those two, all of it.",
    "   ",
    "ok",
]


@pytest.fixture(scope="module")
def ruler(analyzer):
    return analyzer.nlp.get_pipe("attribute_ruler")


def test_the_analyser_pipeline_uses_the_index(ruler):
    assert isinstance(ruler.match, IndexedMatch)


@pytest.mark.parametrize("text", TEXTS)
def test_indexed_match_equals_the_matcher(analyzer, ruler, text):
    doc = analyzer.nlp.make_doc(text)
    for name, component in analyzer.nlp.pipeline:
        if name == "attribute_ruler":
            break
        doc = component(doc)
    expected = AttributeRuler.match(ruler, doc)  # the Matcher pass, as spaCy runs it
    assert expected  # the tag map always matches something
    assert ruler.match(doc) == expected


def test_patterns_of_another_shape_keep_the_matcher():
    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "so", "OP": "+"}]], {"LEMMA": "so"})
    assert not index_attribute_ruler(ruler)
    assert not isinstance(ruler.match, IndexedMatch)
