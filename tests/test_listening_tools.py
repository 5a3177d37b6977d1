"""The eval baseline and the calibration search (tools/), on small hand-made data."""

from __future__ import annotations

import numpy as np

from tools import calibrate
from tools.baseline import cross_validate, features, fold_of, train_predict
from tools.listening_data import esconv_rows, own_rows
from tools.listening_eval import figures


def test_features_are_unigrams_and_bigrams():
    assert features("You seem tired?") == {"you", "seem", "tired", "?", "you seem", "seem tired", "tired ?"}


def test_baseline_learns_a_separable_rule():
    train = [features(t) for t in ("you should rest", "you should go", "sounds hard", "sounds lonely")] * 3
    labels = [True, True, False, False] * 3
    assert train_predict(train, labels, [features("you should sleep"), features("sounds sad")]) == [True, False]


def test_folds_follow_groups_so_no_conversation_is_split():
    groups = [f"c{i // 3}" for i in range(30)]
    folds = [fold_of(g) for g in groups]
    for g in set(groups):
        assert len({f for f, h in zip(folds, groups, strict=True) if h == g}) == 1
    got = cross_validate(["you should rest", "sounds hard"] * 15, [True, False] * 15, groups)
    assert None not in got


def test_question_figures_are_accuracy_and_open_closed_f1():
    value, shown = figures("question", ["open", "closed", "none"], ["open", "none", "none"])
    assert value == 2 / 3
    assert shown.startswith("acc 0.667")


def test_own_and_esconv_rows_get_their_labels(tmp_path):
    (tmp_path / "pairs.csv").write_text(
        "context,text,reflection,roadblocks,question,hard,note\n"
        "I'm tired.,You should sleep.,0,advising,none,0,\n", encoding="utf-8")
    (row,) = own_rows(tmp_path)
    assert row.labels == {"reflection": False, "advice": True, "question": "none"}
    path = tmp_path / "esconv.csv"
    path.write_text("id,conversation,context,text,strategy\n"
                    "a,7,I'm sad.,You feel low.,Reflection of feelings\n"
                    "b,7,I'm sad.,Try a walk.,Providing Suggestions\n", encoding="utf-8")
    rows = esconv_rows(path)
    assert [(r.group, r.labels["reflection"], r.labels["advice"]) for r in rows] == [
        ("esconv:7", True, False), ("esconv:7", False, True)]


def _table() -> calibrate.Table:
    # two cues; rows 0-1 are reflections with the stem, row 2 has only second person, row 3 nothing
    counts = np.array([[1, 1], [1, 0], [0, 1], [0, 0]], dtype=float)
    return calibrate.Table(
        cues=["reflection.stem", "reflection.second_person"],
        counts=counts,
        row_of=np.arange(4),
        truth=np.array([True, True, False, False]),
        source=np.array(["own", "annomi", "own", "annomi"]),
        fold=np.array([0, 1, 2, 3]),
    )


def test_coordinate_search_drops_a_cue_that_only_adds_false_alarms():
    table = _table()
    w0 = np.array([1.0, 1.0])
    assert calibrate.mean_f1(table, w0, 1.0, np.ones(4, dtype=bool)) < 1.0
    w, t = calibrate.fit(table, w0, 1.0, np.ones(4, dtype=bool))
    assert calibrate.mean_f1(table, w, t, np.ones(4, dtype=bool)) == 1.0
    assert w[1] < t  # second person alone no longer reaches the threshold


def test_fixed_cues_are_never_refitted():
    assert calibrate.grid_for("roadblock.advice_you_modal") == ()
    assert calibrate.grid_for("reflection.roadblock") == ()
    assert calibrate.grid_for("advice.no_context") == ()
    assert min(calibrate.grid_for("reflection.advice_elsewhere")) >= -0.5
    assert max(calibrate.grid_for("reflection.modal")) <= 0  # a negative cue stays negative


def test_write_keeps_comments_and_records_provenance(tmp_path, monkeypatch):
    path = tmp_path / "weights.yaml"
    other = "speaking:\n  cues:\n    reflection.stem: 9  # another side's number, untouched\n"
    listening = ("listening:\n  provenance: old\n  labels:\n    reflection: 1.0  # why\n"
                 "  cues:\n    reflection.stem: 1.0  # stems\n")
    path.write_text(other + listening)
    monkeypatch.setattr(calibrate, "WEIGHTS_FILE", path)
    calibrate.write_weights({"reflection.stem": 1.25}, {"reflection": 0.8}, "test run")
    assert path.read_text() == other + ("listening:\n  provenance: test run\n  labels:\n    reflection: 0.8  # why\n"
                                        "  cues:\n    reflection.stem: 1.25  # stems\n")
