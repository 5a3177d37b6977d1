"""HTML for couples mode: the floor, rules cards, the listener check side by side, the QR code.

Every piece of user text goes through `ui.render`'s escaping (cut from the original string,
then escaped slice by slice). Layout is one column, so both roles fit a 390 px phone.
"""

from __future__ import annotations

from coach.couples.listening import ListenerCheck
from coach.couples.session import CoupleSession, whose_turn
from coach.couples.summary import PartnerSummary
from coach.couples.texts import CouplesTexts, RulesCard
from ui.qr import qr_svg
from ui.render import _BOX, INK, MARK_STYLE, _attr, _text

_MARK = "text-underline-offset:4px;border-radius:3px;"
ROLE_BADGE = {"speaker": ("Speaker", "#2f6f73"), "listener": ("Listener", "#5b4fa8")}


def floor_html(session: CoupleSession, me: int | None = None) -> str:
    """The floor as an object: who holds it, who listens, whose move it is now."""
    speaker, listener = session.floor, 1 - session.floor
    turn = whose_turn(session)
    people = []
    for who, role in ((speaker, "speaker"), (listener, "listener")):
        name = _text(session.partners[who].name) + (" (you)" if me == who else "")
        now = ' <strong class="rh-now">· their move</strong>' if turn == who and me != who else ""
        now = ' <strong class="rh-now">· your move</strong>' if turn == who and me == who else now
        label = "holds the floor" if role == "speaker" else "listens"
        badge, ink = ROLE_BADGE[role]
        people.append(
            f'<div class="rh-floor-{role}" data-partner="{who}"><span class="rh-badge" style="display:inline-block;'
            f'min-width:4.6rem;text-align:center;font-size:0.8rem;color:#fff;background:{ink};border-radius:999px;'
            f'padding:0 0.4rem;margin-right:0.3rem;">{badge}</span><strong>{name}</strong> {label}{now}</div>'
        )
    return (
        f'<div class="rh-floor" role="status" style="{_BOX}background:#f6f4ee;border:2px solid #2f6f73;'
        f'line-height:1.6;">{"".join(people)}</div>'
    )


def rules_card_html(card: RulesCard) -> str:
    items = "".join(f"<li>{_text(p)}</li>" for p in card.points)
    return (
        f'<div class="rh-rules" style="{_BOX}background:#eef5f4;"><strong>{_text(card.title)}</strong>'
        f'<ul style="margin:0.2rem 0 0 0;padding-left:1.1rem;">{items}</ul></div>'
    )


def said_html(name: str, text: str, css_class: str = "rh-their-words") -> str:
    """What the other partner shared, escaped, in a quote box."""
    return (
        f'<div class="{_attr(css_class)}" style="{_BOX}background:#ffffff;border-left:4px solid #8a8577;'
        f'overflow-wrap:anywhere;"><span style="opacity:0.75;font-size:0.9em;">{_text(name)}:</span><br>'
        f"{_text(text)}</div>"
    )


def _marked(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """`text` with non-overlapping marks (start, end, polarity, title); earlier marks win."""
    parts, at = [], 0
    for start, end, polarity, title in sorted(marks, key=lambda m: (m[0], -m[1])):
        if start < at or not 0 <= start < end <= len(text):
            continue
        parts.append(_text(text[at:start]))
        parts.append(
            f'<span class="rh-mark rh-{polarity}" data-polarity="{polarity}" title="{_attr(title)}" '
            f'style="{MARK_STYLE[polarity]}{_MARK}">{_text(text[start:end])}</span>'
        )
        at = end
    parts.append(_text(text[at:]))
    return "".join(parts)


def side_by_side_html(speaker: str, heard: str, listener: str, check: ListenerCheck) -> str:
    """The speaker's words and the listener's, stacked, with carried words marked in both."""
    theirs = [(m.speaker.start, m.speaker.end, "helps", f"came back as “{m.listener.text}”") for m in check.carried]
    theirs += [(m.speaker.start, m.speaker.end, "note", "not in yours yet") for m in check.missed]
    mine = [(p.start, p.end, "hurts", p.explanation) for p in check.shown]
    mine += [(m.listener.start, m.listener.end, "helps", f"{m.how}: “{m.speaker.text}”") for m in check.carried]
    return (
        f'<div class="rh-side" style="display:flex;flex-direction:column;gap:0.3rem;">'
        f'<div class="rh-side-speaker" style="{_BOX}background:#ffffff;border:1px solid #dedbd2;">'
        f'<span style="opacity:0.75;font-size:0.9em;">{_text(speaker)} said:</span><br>{_marked(heard, theirs)}</div>'
        f'<div class="rh-side-listener" style="{_BOX}background:#ffffff;border:1px solid #dedbd2;">'
        f'<span style="opacity:0.75;font-size:0.9em;">You heard:</span><br>{_marked(listener, mine)}</div></div>'
    )


def check_lines_html(check: ListenerCheck, texts: CouplesTexts) -> str:
    """What came back, what did not yet, and each problem pointed out gently."""
    c = texts.carried
    words = [m.speaker.text for m in check.carried if not m.speaker.family]
    feelings = [m.speaker.text for m in check.feelings_carried]
    said_feelings = [m.speaker.text for m in check.matches if m.speaker.family]
    missed = [m.speaker.text for m in check.missed if not m.speaker.family]
    lines = [c.words.format(words=", ".join(words)) if words else c.none]
    if feelings:
        lines.append(c.feeling.format(words=", ".join(feelings)))
    elif said_feelings:
        lines.append(c.no_feeling.format(words=", ".join(said_feelings)))
    if missed:
        lines.append(c.missed.format(words=", ".join(missed)))
    items = [f'<li style="color:{INK["helps"]};">✓ {_text(c.gave_back)}</li>'] if check.gave_back else []
    items += [f"<li>{_text(line)}</li>" for line in lines]
    for problem in check.shown:
        text = texts.problems.get(problem.kind)
        if text:
            items.append(
                f'<li class="rh-problem" data-kind="{_attr(problem.kind)}"><span style="color:{INK["hurts"]};">⚠</span> '
                f"<em>“{_text(problem.text)}”</em>: {_text(text.gently)}</li>"
            )
    return (
        f'<div class="rh-check"><strong>{_text(c.heading)}</strong>'
        f'<ul style="list-style:none;padding-left:0.2rem;margin:0.2rem 0;">{"".join(items)}</ul></div>'
    )


def summary_html(summary: PartnerSummary, texts: CouplesTexts) -> str:
    s = texts.summary

    def block(title: str, lines: tuple[str, ...]) -> str:
        body = "".join(f"<li>✓ {_text(line)}</li>" for line in lines) or f"<li>{_text(s.nothing_yet)}</li>"
        return f'<p style="margin:0.4rem 0 0 0;"><strong>{_text(title)}</strong></p><ul style="list-style:none;padding-left:0.2rem;margin:0;">{body}</ul>'

    return (
        f'<div class="rh-couple-summary" style="{_BOX}background:#ffffff;border:1px solid #dedbd2;">'
        f'<p style="font-size:1.1rem;margin:0;"><strong>{_text(s.heading.format(name=summary.name))}</strong></p>'
        f"{block(s.as_speaker, summary.speaker_well)}{block(s.as_listener, summary.listener_well)}"
        f'<div style="margin-top:0.5rem;"><strong>One thing to try:</strong> {_text(summary.try_next)}</div></div>'
    )


def code_html(code: str) -> str:
    return (
        '<p class="rh-code" style="font-size:2rem;letter-spacing:0.2rem;font-weight:700;margin:0;">'
        f"{_text(code)}</p>"
    )


def qr_html(url: str) -> str:
    """A QR code for `url`, drawn here as inline SVG (no outside service)."""
    svg = qr_svg(url, scale=5)
    return f'<div class="rh-qr" role="img" aria-label="QR code to join" style="margin:0.4rem 0;">{svg}</div>'
