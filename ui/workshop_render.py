"""HTML for workshop screens: the join banner, the prompt, anonymous aggregates, the wall.

Every piece of participant, pack or scenario text goes through `render._text` (escaped,
never markdown), so an image link in a pack cannot make anyone's browser fetch a URL.
"""

from __future__ import annotations

from coach.feedback import Feedback
from coach.workshop.aggregates import Aggregate
from coach.workshop.moderation import Shared
from ui.render import ICON, INK, _text, highlight_html, verdict_html

_CARD = "border-radius:12px;padding:1rem 1.2rem;margin:0.4rem 0;background:#ffffff;border:1px solid #dedbd2;"


def join_banner_html(code: str, url: str, qr: str) -> str:
    """The code, the address and the QR code, kept on screen for late joiners."""
    spaced = " ".join(code[i : i + 3] for i in range(0, len(code), 3))
    return (
        f'<div class="rh-join" style="{_CARD}display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap;">'
        f'<div class="rh-qr" aria-label="QR code for the join address">{qr}</div>'
        '<div><p style="margin:0;font-size:1.1rem;">Join on your phone with the code</p>'
        f'<p class="rh-code" style="margin:0;font-size:3rem;font-weight:800;letter-spacing:0.2em;'
        f'font-family:ui-monospace,monospace;">{_text(spaced)}</p>'
        f'<p class="rh-url" style="margin:0;font-size:1.1rem;">or open <strong>{_text(url)}</strong></p></div></div>'
    )


def prompt_html(says: str, big: bool = False) -> str:
    size = "2rem" if big else "1.2rem"
    return (
        f'<div class="rh-prompt" style="{_CARD}font-size:{size};line-height:1.4;border-left:6px solid #2f6f73;">'
        f"“{_text(says)}”</div>"
    )


def lead_in_html(text: str, said: bool) -> str:
    """What the other person said (quoted), or the situation (in italics, not a quote)."""
    if said:
        return prompt_html(text, big=True)
    return f'<p class="rh-situation" style="font-style:italic;margin:0.3rem 0;">{_text(text)}</p>'


def _bar(label: str, count: int, total: int, ink: str, icon: str) -> str:
    pct = round(100 * count / total) if total else 0
    return (
        f'<div class="rh-share" style="margin:0.2rem 0;"><span style="font-weight:700;color:{ink};">'
        f"{icon} {_text(label)}</span> {count} of {total} ({pct}%)"
        f'<div style="background:#ecebe4;border-radius:6px;height:14px;">'
        f'<div style="width:{pct}%;background:{ink};height:14px;border-radius:6px;"></div></div></div>'
    )


def aggregate_html(agg: Aggregate) -> str:
    """The room's picture: anonymous shares (icon + word + bar, not colour alone) and phrases."""
    parts = [f'<div class="rh-aggregate" style="{_CARD}"><p style="margin:0 0 0.4rem 0;">'
             f"<strong>{agg.answers} answers</strong></p>"]
    for pair in agg.pairs:
        if pair.good == 0 and pair.poor == 0:
            continue
        parts.append(f'<p style="margin:0.6rem 0 0 0;font-weight:700;">{_text(pair.name)}</p>')
        parts.append(_bar(pair.good_label, pair.good, pair.total, "#1a7f37", "✓"))
        parts.append(_bar(pair.poor_label, pair.poor, pair.total, "#b93c0c", "⚠"))
    if agg.phrases:
        items = "".join(f"<li>“{_text(p)}” ({n})</li>" for p, n in agg.phrases)
        parts.append(
            '<p style="margin:0.8rem 0 0 0;font-weight:700;">⚠ Most common flagged phrases</p>'
            f'<ol class="rh-phrases" style="margin:0.2rem 0 0 1.2rem;">{items}</ol>'
        )
    parts.append("</div>")
    return "".join(parts)


def wall_html(items: tuple[Shared, ...]) -> str:
    """Approved shared replies, without names."""
    if not items:
        return ""
    cards = "".join(f'<li class="rh-wall-item" style="{_CARD}list-style:none;">{_text(s.text)}</li>' for s in items)
    return f'<ul class="rh-wall" style="padding:0;margin:0;">{cards}</ul>'


def projector_card_html(text: str, feedback: Feedback) -> str:
    """A reply for the projector: the marks, the verdict, and each mark named with its icon.
    No meters and no numbers: a shared screen never shows a score."""
    parts = [highlight_html(text, feedback.points)]
    if feedback.verdict:
        parts.append(verdict_html(feedback.verdict))
    items = "".join(
        f'<li><span style="color:{INK.get(p.polarity, INK["note"])};font-weight:800;">'
        f"{ICON.get(p.polarity, ICON['note'])}{i}</span> {_text(p.name)}: <em>“{_text(p.flag.text)}”</em></li>"
        for i, p in enumerate(feedback.points, start=1)
    )
    if items:
        parts.append(f'<ul class="rh-named" style="list-style:none;padding-left:0;margin:0.3rem 0;">{items}</ul>')
    return f'<div class="rh-projector">{"".join(parts)}</div>'


# Type for the back of a room at 1920×1080: body text 30 px, replies 44 px, thick underlines.
PRESENT_CSS = """<style>
[data-testid="stMainBlockContainer"] { max-width: 1760px; padding-top: 1.2rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
[data-testid="stMain"] button, [data-testid="stMain"] textarea, [data-testid="stMain"] input,
[data-testid="stMain"] .rh-verdict { font-size: 30px !important; line-height: 1.45 !important; color: #111111; }
[data-testid="stMain"] h1 { font-size: 60px !important; }
[data-testid="stMain"] h2 { font-size: 46px !important; }
[data-testid="stMain"] h3 { font-size: 36px !important; }
.rh-projector .rh-reply { font-size: 44px !important; line-height: 1.6 !important; border: 2px solid #1f2933 !important; }
.rh-projector .rh-mark { text-decoration-thickness: 5px !important; text-underline-offset: 10px !important; }
.rh-projector sup.rh-icon { font-size: 30px !important; }
.rh-side { font-size: 30px; font-weight: 800; letter-spacing: 0.04em; margin: 0.6rem 0 0 0; }
</style>"""


# Streamlit has no key events: this local script (no external assets) presses our own buttons.
KEYS_SCRIPT = """<script>
const doc = window.parent.document;
if (!doc.__rhPresentKeys) {
  doc.__rhPresentKeys = true;
  doc.addEventListener('keydown', (e) => {
    const t = e.target;
    if (t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || t.isContentEditable)) return;
    const label = {ArrowRight: 'Next', ' ': 'Next', PageDown: 'Next', ArrowLeft: 'Previous', PageUp: 'Previous'}[e.key];
    if (!label) return;
    const button = [...doc.querySelectorAll('button')].find(b => b.innerText.trim().startsWith(label));
    if (button) { e.preventDefault(); button.click(); }
  });
}
</script>"""


def side_html(label: str) -> str:
    return f'<p class="rh-side">{_text(label)}</p>'
