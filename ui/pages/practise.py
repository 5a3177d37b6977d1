"""Practise: choose a scenario, reply turn by turn, get feedback, try again or continue."""

import streamlit as st

from coach import practice
from coach.scenarios import RELATIONSHIPS, SKILLS
from coach.scoring import not_scored_reason
from coach.task import turn_for
from nlp.errors import MAX_CHARS
from ui import components, render, scripts, state

DIFFICULTY = {1: "Gentle", 2: "Bumpy", 3: "Hard"}

state.init_state()
ss = st.session_state
components.history_notice()
library = state.get_library()
run = state.active_run()
scenario = library.get(run.scenario_id) if run else None

if run is None or scenario is None:
    state.restore_list_choices()
    st.title("Practise")
    if library.errors:
        lines = "\n".join(f"- {error}" for error in library.errors)
        st.warning(
            f"{len(library.errors)} scenario file(s) could not be loaded; the rest are "
            f"ready below.\n\n{lines}",
            icon=":material/description:",
        )
    c1, c2, c3 = st.columns(3)
    relationship = c1.selectbox(
        "Relationship",
        [None, *RELATIONSHIPS],
        key=state.KEY_RELATIONSHIP,
        format_func=lambda k: "Any" if k is None else RELATIONSHIPS[k],
    )
    skill = c2.selectbox(
        "Skill",
        [None, *SKILLS],
        key=state.KEY_SKILL,
        format_func=lambda k: "Any" if k is None else SKILLS[k],
    )
    difficulty = c3.selectbox(
        "Difficulty",
        [None, *DIFFICULTY],
        key=state.KEY_DIFFICULTY,
        format_func=lambda k: "Any" if k is None else DIFFICULTY[k],
    )
    matches = library.filter(relationship, skill, difficulty)
    if not matches:
        state.keep_list_choices()
        st.info("No scenarios match these filters yet. Set one of them back to “Any”.")
        st.stop()
    titles = {s.id: s for s in sorted(matches, key=lambda s: (s.difficulty, s.title))}
    chosen_id = st.selectbox(
        f"Choose a scenario ({len(titles)})",
        list(titles),
        key=state.KEY_SCENARIO,
        format_func=lambda i: f"{titles[i].title} · {DIFFICULTY[titles[i].difficulty]}",
    )
    state.keep_list_choices()
    chosen = titles.get(chosen_id) or matches[0]
    with st.container(border=True):
        st.markdown(f"### {render.md_escape(chosen.title)}")
        st.caption(
            f"{RELATIONSHIPS[chosen.relationship]} · {SKILLS[chosen.skill]} · "
            f"{DIFFICULTY[chosen.difficulty]} · up to {chosen.max_turns} replies"
        )
        st.markdown(f"**Setting:** {render.md_escape(chosen.setting)}")
        st.markdown(f"**Why this matters:** {render.md_escape(chosen.purpose)}")
        st.markdown("**Tips**\n" + "\n".join(f"- {render.md_escape(tip)}" for tip in chosen.tips))
        resumable = practice.unfinished_run(state.history(), chosen.id)
        start_label = "Resume where you left off" if resumable else "Start"
        b1, b2 = st.columns(2)
        b1.button(
            start_label,
            type="primary",
            key="start_scenario",
            on_click=state.start_scenario,
            args=(chosen,),
        )
        if resumable:
            b2.button("Start over", key="restart_from_list", on_click=state.ask_to_restart)
            if ss[state.KEY_CONFIRM_RESTART]:
                components.confirm_restart(chosen)
    st.stop()

# ---- the conversation -------------------------------------------------------------------
person = scenario.other_person
st.title(render.md_escape(scenario.title))
st.caption(f"**Why this matters:** {render.md_escape(scenario.purpose)}")
with st.expander("Setting and tips"):
    st.markdown(
        f"You are talking with **{render.md_escape(person.name)}** ({render.md_escape(person.role)}). "
        f"{render.md_escape(scenario.setting)}"
    )
    st.markdown("\n".join(f"- {render.md_escape(tip)}" for tip in scenario.tips))
if ss["resumed"]:
    st.info("Picked up where you left off.", icon=":material/undo:")

is_over = state.phase(run) == "summary"
for done in run.turns if is_over else run.turns[:-1]:
    components.other_says(person.name, done.says)
    with st.chat_message("user"):
        components.html(render.bubble_html(done.attempts[-1].text))
if is_over:
    components.summary_view(practice.summarise(run, SKILLS.get(scenario.skill, scenario.skill)))
    st.button("Practise another", type="primary", key="practise_another", on_click=state.leave_scenario)
    st.stop()

turn = practice.current_turn(run)
components.other_says(person.name, turn.says)
st.caption(f"Turn {len(run.turns)} · attempt {len(turn.attempts) + 1}")
state.restore_draft(run)
reply = st.text_area(
    "Your reply",
    key=state.reply_key(run),
    height=110,
    max_chars=MAX_CHARS,
    placeholder=f"What would you say to {person.name}?",
    on_change=state.keep_draft,
    args=(run,),
)
scripts.char_counter("Your reply", ss.get(state.reply_key(run)))
submitted = st.button("Check my reply", type="primary", key="check_reply")
if submitted:
    state.submit_turn_reply(reply)
if ss["input_error"]:
    st.warning(ss["input_error"], icon=":material/edit:")
components.save_warning()

phase = state.phase(run)
last = practice.last_analysis(turn)
task = turn_for(scenario.skill, turn.says)  # what this turn practises, and their line
if phase == "crisis":
    components.crisis_notice()
elif phase == "feedback" and last is not None:
    components.feedback_card(last, task)
    components.attempt_comparison(turn, task)
elif last is not None:
    components.reminder(last, task)
if phase != "crisis" and last is not None:
    b1, b2 = st.columns(2)
    if phase == "feedback":
        b1.button("Try again", key="try_again", on_click=state.try_again)
    if not_scored_reason(last) is None:  # the talk moves on a reply the coach could read
        b2.button(
            "Continue →",
            type="primary",
            key="continue_turn",
            on_click=state.continue_run,
            args=(scenario,),
        )
scripts.scroll_to_verdict()
left, right = st.columns(2)
left.button("← All scenarios", key="leave_scenario", on_click=state.leave_scenario)
right.button("Start over", key="restart_run", on_click=state.ask_to_restart)
if ss[state.KEY_CONFIRM_RESTART]:
    components.confirm_restart(scenario)
