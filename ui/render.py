"""HTML for the feedback card. The only HTML the pages pass to `unsafe_allow_html`.

Safety rule: every piece of user text is cut from the ORIGINAL string first and then
`html.escape`d slice by slice (never escape-then-slice, which would cut through `&lt;`).
Helps / hurts / notes differ by colour AND underline style AND an icon, so the marks
still read for people who do not see the colours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from coach.feedback import Change, Feedback, Meter, Point, Suggestion, Verdict
from coach.help import HelpNotice
from coach.progress import SkillCount
from nlp.types import Flag

ICON = {"helps": "✓", "hurts": "⚠", "note": "ℹ"}
WORD = {"helps": "helps", "hurts": "to work on", "note": "worth knowing"}
INK = {"helps": "#1a7f37", "hurts": "#b93c0c", "note": "#1d4ed8"}
MARK_STYLE = {
    "helps": "background:#e7f4ea;text-decoration:underline solid #1a7f37 2px;",
    "hurts": "background:#fdede6;text-decoration:underline wavy #b93c0c 1.5px;",
    "note": "background:#e9effd;text-decoration:underline dotted #1d4ed8 2px;",
}
_MARK_COMMON = "text-underline-offset:4px;text-decoration-skip-ink:none;border-radius:3px;"
_BOX = "border-radius:10px;padding:0.7rem 0.9rem;margin:0.3rem 0 0.6rem 0;line-height:1.7;"


def _text(s: str) -> str:
    """Escape user or data text for HTML; newlines become <br> so the block never breaks."""
    return escape(s, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>!|~:$])")  # links, images, emphasis, HTML, icons, LaTeX
_MD_BLOCK_START = re.compile(r"^(\d*)([#>+\-=.)])")  # a heading, quote or list only at the start


def md_escape(s: str) -> str:
    """Data text (scenario, pack) for Streamlit's markdown, labels and titles: markdown
    characters backslash-escaped, so `![](http://…)` shows as text and fetches nothing."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(s.split()))
    return _MD_BLOCK_START.sub(r"\1\\\2", text)


def _attr(s: str) -> str:
    return escape(s, quote=True).replace("\n", " ")


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    flags: tuple[int, ...]  # indices into the flag list that cover this whole slice


def _valid(flag: Flag, length: int) -> bool:
    return 0 <= flag.start < flag.end <= length


def segments(text: str, flags: tuple[Flag, ...] | list[Flag]) -> list[Segment]:
    """Cut the text at every flag boundary; each slice lists the flags covering it.

    Overlapping and nested flags become flat, adjacent slices: no nested marks, no
    broken HTML. Flags with offsets outside the text are ignored.
    """
    cuts = {0, len(text)}
    for flag in flags:
        if _valid(flag, len(text)):
            cuts.update((flag.start, flag.end))
    bounds = sorted(cuts)
    result = []
    for a, b in pairwise(bounds):
        covering = tuple(
            i for i, f in enumerate(flags) if _valid(f, len(text)) and f.start <= a and f.end >= b
        )
        result.append(Segment(a, b, covering))
    return result


def _dominant(polarities: set[str]) -> str:
    for polarity in ("hurts", "helps", "note"):
        if polarity in polarities:
            return polarity
    return "note"


def highlight_html(text: str, points: tuple[Point, ...]) -> str:
    """The reply with flagged words marked; tapping (or focusing, or hovering) a mark
    shows why, so the explanation works on a phone and from the keyboard.

    Marks are numbered like the legend (`legend_html`), and the number follows the
    last slice of each flag. Each mark is followed by its hidden explanation, which
    MARK_CSS reveals while the mark has focus.
    """
    flags = [p.flag for p in points]
    parts = []
    for seg in segments(text, flags):
        piece = _text(text[seg.start : seg.end])
        if not seg.flags:
            parts.append(piece)
            continue
        polarity = _dominant({flags[i].polarity for i in seg.flags})
        why = "<br>".join(
            f"{ICON.get(points[i].polarity, 'ℹ')} <strong>{_text(points[i].name)}</strong>: "
            f"{_text(flags[i].explanation)}"
            for i in seg.flags
        )
        style = MARK_STYLE[polarity] + _MARK_COMMON
        parts.append(
            f'<span class="rh-mark rh-{polarity}" data-polarity="{polarity}" tabindex="0" '
            f'role="button" style="{style}">{piece}</span>'
            f'<span class="rh-why" role="tooltip">{why}</span>'
        )
        for i in seg.flags:
            if flags[i].end == seg.end:
                p = flags[i].polarity if flags[i].polarity in ICON else "note"
                parts.append(
                    f'<sup class="rh-icon" aria-hidden="true" style="color:{INK[p]};'
                    f'font-weight:700;margin-left:1px;">{ICON[p]}{i + 1}</sup>'
                )
    body = "".join(parts)
    return (
        f'{MARK_CSS}<div class="rh-reply" style="{_BOX}background:#ffffff;border:1px solid #dedbd2;'
        f'font-size:1.05rem;overflow-wrap:anywhere;position:relative;">{body}</div>'
    )


def legend_html(points: tuple[Point, ...]) -> str:
    """Rule name, the words, and the explanation for every mark, numbered like the marks."""
    if not points:
        return '<p class="rh-legend-empty">Nothing in this reply was flagged either way.</p>'
    items = []
    for i, p in enumerate(points, start=1):
        polarity = p.polarity if p.polarity in ICON else "note"
        items.append(
            f'<li class="rh-legend-item" data-polarity="{polarity}" style="margin-bottom:0.4rem;">'
            f'<span style="color:{INK[polarity]};font-weight:700;">{ICON[polarity]}{i} '
            f"{_text(p.name)}</span> ({WORD[polarity]}): "
            f"<em>“{_text(p.quote or p.flag.text)}”</em> — {_text(p.flag.explanation)}"
            f'<br><span style="opacity:0.8;font-size:0.9em;">{_text(p.why)}</span></li>'
        )
    return f'<ol class="rh-legend" style="list-style:none;padding-left:0;">{"".join(items)}</ol>'


def verdict_html(verdict: Verdict) -> str:
    """The headline, with the words that led it; a mixed reply says both sides."""
    polarity = verdict.polarity if verdict.polarity in ICON else "note"
    icon = {"neutral": "•", "mixed": "◐"}.get(verdict.polarity, ICON[polarity])
    ink = INK[polarity] if verdict.polarity != "mixed" else INK["hurts"]
    headline = _text(verdict.headline or f"This came across as {verdict.came_across}.")
    for phrase in dict.fromkeys(p for p in (verdict.also, verdict.came_across) if p):
        headline = headline.replace(_text(phrase), f"<strong>{_text(phrase)}</strong>", 1)
    if verdict.quote:
        headline = f"{headline.rstrip('.')}: <em>“{_text(verdict.quote)}”</em> …"
    more = ""
    if verdict.more:
        things = "thing" if verdict.more == 1 else "things"
        more = f' <span style="opacity:0.75;">(and {verdict.more} more {things} below)</span>'
    return (
        f'<p class="rh-verdict" data-polarity="{_attr(verdict.polarity)}" style="font-size:1.1rem;'
        f'margin:0.4rem 0;"><span style="color:{ink};font-weight:700;">{icon}</span> '
        f"{headline}{more}</p>"
    )


def went_well_html(points: tuple[Point, ...]) -> str:
    if not points:
        return ""
    items = "".join(
        f'<li><span style="color:{INK["helps"]};font-weight:700;">✓</span> {_text(p.well or p.name)}'
        f" <em>“{_text(p.quote or p.flag.text)}”</em></li>"
        for p in points
    )
    return (
        '<div class="rh-went-well"><strong>What went well</strong>'
        f'<ul style="list-style:none;padding-left:0.2rem;margin:0.2rem 0;">{items}</ul></div>'
    )


def suggestion_html(suggestion: Suggestion) -> str:
    parts = [f"<strong>One thing to try:</strong> {_text(suggestion.headline)}"]
    if suggestion.options:
        words = ", ".join(_text(w) for w in suggestion.options)
        parts.append(f'<br><span class="rh-options">Feelings that may be underneath: <em>{words}</em></span>')
    if suggestion.template:
        parts.append(
            '<br><span class="rh-template" style="display:inline-block;margin-top:0.3rem;'
            "font-family:ui-monospace,monospace;background:#f1efe8;padding:0.2rem 0.5rem;"
            f'border-radius:6px;">{_text(suggestion.template)}</span>'
        )
    if suggestion.example:
        parts.append(f'<br><span style="opacity:0.8;">For example: “{_text(suggestion.example)}”</span>')
    return (
        f'<div class="rh-try" style="{_BOX}background:#eef5f4;border-left:4px solid #2f6f73;">'
        f"{''.join(parts)}</div>"
    )


def meters_html(meters: tuple[Meter, ...]) -> str:
    """Compact meters in a grid that wraps to one column on a phone."""
    cells = []
    for m in meters:
        if m.measured:
            dots = "●" * m.score + "○" * (m.maximum - m.score)
            value = (
                f'<span aria-hidden="true" style="color:#2f6f73;letter-spacing:1px;">{dots}</span>'
                f" {m.score}/{m.maximum}"
            )
            detail = "; ".join(m.reasons)
        else:
            value = '<span style="opacity:0.6;">not in this reply</span>'
            detail = "no signal either way"
        cells.append(
            f'<div class="rh-meter" data-meter="{_attr(m.key)}" role="meter" aria-valuemin="0" '
            f'aria-valuemax="{m.maximum}" aria-valuenow="{m.score}" aria-label="{_attr(m.label)}" '
            f'title="{_attr(m.explain)} ({_attr(detail)})" style="line-height:1.35;">'
            f'<span style="font-weight:600;">{_text(m.label)}</span><br>{value}'
            f'<br><span style="font-size:0.8em;opacity:0.7;">{_text(detail)}</span></div>'
        )
    return (
        '<div class="rh-meters" style="display:grid;grid-template-columns:'
        'repeat(auto-fill,minmax(11rem,1fr));gap:0.5rem 1rem;margin:0.3rem 0;">'
        f"{''.join(cells)}</div>"
    )


def meter_meanings_html(meters: tuple[Meter, ...]) -> str:
    """What each shown meter measures, in words: the same text as its hover title, for
    phones and screen readers where there is no hover."""
    items = "".join(
        f"<li><strong>{_text(m.label)}</strong>: {_text(m.explain)}</li>" for m in meters if m.measured
    )
    return f'<ul class="rh-meter-meanings" style="padding-left:1.1rem;font-size:0.9rem;">{items}</ul>' if items else ""


def change_html(change: Change) -> str:
    """What went away and what appeared between the last two attempts."""

    def names(items: tuple[tuple[str, str], ...]) -> str:
        return ", ".join(
            f'<span style="color:{INK.get(pol, INK["note"])};">{ICON.get(pol, "ℹ")} {_text(n)}</span>'
            for pol, n in items
        )

    lines = []
    if change.gone:
        lines.append(f"<li><strong>Went away:</strong> {names(change.gone)}</li>")
    if change.new:
        lines.append(f"<li><strong>New this time:</strong> {names(change.new)}</li>")
    if not lines:
        lines.append("<li>The same things were flagged both times.</li>")
    return f'<ul class="rh-change" style="padding-left:1.1rem;">{"".join(lines)}</ul>'


def plain_html(text: str, css_class: str = "rh-plain") -> str:
    """User text shown as-is (escaped), e.g. an earlier attempt with no marks."""
    return f'<div class="{_attr(css_class)}" style="{_BOX}background:#ffffff;">{_text(text)}</div>'


def crisis_html(notice: HelpNotice) -> str:
    """The calm, fixed notice shown instead of any feedback on a crisis reply."""
    services = "".join(
        f'<li style="margin-bottom:0.35rem;"><strong>{_text(s.name)}</strong> '
        f"({_text(s.region)}): <strong>{_text(s.contact)}</strong>. {_text(s.how)}</li>"
        for s in notice.services
    )
    return (
        f'<div class="rh-crisis" role="note" style="{_BOX}background:#f3f1fb;'
        f'border-left:4px solid #5b4fa8;">'
        f'<p style="font-size:1.1rem;margin:0 0 0.4rem 0;"><strong>{_text(notice.title)}</strong></p>'
        f"<p>{_text(notice.intro)}</p>"
        f'<ul style="padding-left:1.1rem;">{services}</ul>'
        f'<p style="opacity:0.85;">{_text(notice.caveat)}</p></div>'
    )


def bubble_html(text: str) -> str:
    """A reply inside a chat bubble, escaped."""
    return f'<div class="rh-said" style="overflow-wrap:anywhere;">{_text(text)}</div>'


def preview_html(preview: str, blank: str) -> str:
    """The builder's sentence, with the blanks still to fill shown as soft gaps."""
    pieces = preview.split(blank)
    gap = '<span class="rh-blank" style="color:#8a8577;letter-spacing:1px;">___</span>'
    body = gap.join(_text(p) for p in pieces)
    return (
        f'<div class="rh-preview" style="{_BOX}background:#ffffff;border:1px dashed #b9b4a6;'
        f'font-size:1.1rem;">{body}</div>'
    )


def card_html(text: str, feedback: Feedback, with_key: bool = True) -> str:
    """The inline part of the feedback card as one block: marks, verdict, what went well,
    one thing to try, meters. (One element renders faster than six.)"""
    parts = [highlight_html(text, feedback.points)]
    if with_key and feedback.points:
        parts.append(KEY_LINE)
    if feedback.verdict:
        parts.append(verdict_html(feedback.verdict))
    parts.append(went_well_html(feedback.went_well))
    if feedback.try_next:
        parts.append(suggestion_html(feedback.try_next))
    parts.append('<p style="margin:0.6rem 0 0 0;"><strong>Skill meters for this reply</strong></p>')
    parts.append(meters_html(feedback.meters))
    return f'<div class="rh-card">{"".join(parts)}</div>'


KEY_LINE = (
    '<p class="rh-key" style="font-size:0.85rem;opacity:0.8;margin:-0.2rem 0 0.3rem 0;">'
    '<span style="color:#1a7f37;">✓ helps</span> · '
    '<span style="color:#b93c0c;">⚠ to work on</span> · '
    '<span style="color:#1d4ed8;">ℹ worth knowing</span> · tap a mark to see why</p>'
)
METER_NOTE = (
    '<p style="font-size:0.85rem;opacity:0.8;">Meters start at 2 of 5 (calm tone starts from '
    "how intense the wording is) and move with what was flagged: each kind of thing counts "
    "once. A meter this reply says nothing about is left out.</p>"
)
# The explanation under a mark shows while the mark has focus (a tap on a phone, Tab on a
# keyboard) or the pointer is over it; it spans the reply box, so it never runs off a
# narrow screen. The same text is in the full breakdown.
MARK_CSS = (
    "<style>"
    ".rh-why{display:none;}"
    ".rh-mark{cursor:pointer;}"
    ".rh-mark:focus{outline:2px solid #2f6f73;outline-offset:1px;}"
    ".rh-mark:focus+.rh-why,.rh-mark:hover+.rh-why{display:block;position:absolute;left:0.5rem;"
    "right:0.5rem;margin-top:0.3rem;z-index:5;background:#fffdf7;border:1px solid #b9b4a6;"
    "border-radius:8px;padding:0.4rem 0.6rem;font-size:0.92rem;line-height:1.45;"
    "box-shadow:0 2px 8px rgba(0,0,0,0.12);}"
    "</style>"
)


def skill_counts_html(totals: tuple[SkillCount, ...], replies: int) -> str:
    """One row per skill: a bar, how many replies showed it, and what it means."""
    rows = []
    for t in totals:
        share = round(100 * t.shown / replies) if replies else 0
        rows.append(
            f'<div class="rh-skill" data-skill="{_attr(t.skill)}" style="margin:0.35rem 0;">'
            f'<span style="font-weight:600;">{_text(t.label)}</span>: {t.shown} of {replies} '
            f"({share}%)"
            f'<div aria-hidden="true" style="background:#ecebe4;border-radius:4px;height:0.45rem;">'
            f'<div style="background:#2f6f73;border-radius:4px;height:0.45rem;width:{share}%;"></div></div>'
            f'<span style="font-size:0.85em;opacity:0.75;">{_text(t.explain)}</span></div>'
        )
    return f'<div class="rh-skills">{"".join(rows)}</div>'


def said_html(prompt: str) -> str:
    """What the other person said before a reply, quoted."""
    return f'<p class="rh-prompt" style="margin:0.2rem 0;opacity:0.85;">They said: <em>“{_text(prompt)}”</em></p>'


def points_line_html(points: tuple[Point, ...]) -> str:
    """The points a reply got, in one line: ✓ helps and ⚠ to work on, by name."""
    if not points:
        return '<p class="rh-points" style="margin:0.2rem 0;">Nothing flagged either way.</p>'
    names = []
    for polarity, name in dict.fromkeys((p.polarity if p.polarity in ICON else "note", p.name) for p in points):
        names.append(f'<span style="color:{INK[polarity]};">{ICON[polarity]} {_text(name)}</span>')
    return f'<p class="rh-points" style="margin:0.2rem 0;">{" · ".join(names)}</p>'


def not_scored_html(notice: str) -> str:
    """Instead of a verdict, for a reply the coach cannot score (not in English)."""
    return (
        f'<div class="rh-not-scored" role="note" style="{_BOX}background:#f1efe8;">'
        f"<strong>Not scored.</strong> {_text(notice)}</div>"
    )


def counter_html(label: str, used: int, limit: int) -> str:
    """The character count for the box labelled `label`; ui.scripts keeps it live."""
    return (
        f'<p class="rh-limit" style="font-size:0.85rem;opacity:0.8;margin:-0.4rem 0 0 0;">'
        f'<span class="rh-count" data-for="{_attr(label)}">{used:,}</span> / {limit:,} characters</p>'
    )
