"""The two small scripts the pages run: scroll to the verdict, and a live character count.

Both are fixed text written here (never user text), run from a same-origin `st.iframe`,
and fetch nothing. The counter is installed into the page itself once, so it keeps
working however often Streamlit redraws the frame.
"""

from __future__ import annotations

import streamlit as st

from nlp.errors import MAX_CHARS
from ui import components, render

# Scrolls the page (the frame's parent) to the newest card, retrying briefly while
# Streamlit is still drawing it.
_SCROLL = """<script>
(() => {{
  const doc = window.parent.document;
  let tries = 0;
  const go = () => {{
    const cards = doc.querySelectorAll('.rh-card, .rh-not-scored, .rh-crisis');
    if (cards.length) {{ cards[cards.length - 1].scrollIntoView({{behavior: 'smooth', block: 'start'}}); return; }}
    if (++tries < 60) setTimeout(go, 50);
  }};
  go();
}})();
</script><!-- {nonce} -->"""

# Keeps every `.rh-count[data-for=LABEL]` equal to the length of the text box with that
# aria-label, as the person types (Streamlit's own counter shows only while the box has
# focus, and hides when a phone's keyboard closes).
_COUNTER = """<script>
(() => {
  const page = window.parent;
  if (page.__rhCounter) return;
  const code = `
    document.addEventListener('input', (event) => {
      const box = event.target;
      if (!(box instanceof HTMLTextAreaElement)) return;
      const label = box.getAttribute('aria-label');
      for (const out of document.querySelectorAll('.rh-count')) {
        if (out.dataset.for === label) out.textContent = box.value.length.toLocaleString('en-GB');
      }
    }, true);`;
  const tag = page.document.createElement('script');
  tag.textContent = code;
  page.document.head.appendChild(tag);
  page.__rhCounter = true;
})();
</script>"""


def scroll_to_verdict() -> None:
    """Once after a submit: bring the verdict into view (on a phone it is below the box)."""
    ss = st.session_state
    if not ss.get("scroll_to_verdict"):
        return
    ss["scroll_to_verdict"] = False
    ss["scroll_count"] = ss.get("scroll_count", 0) + 1
    # A different nonce each time makes Streamlit redraw the frame, so the script runs.
    st.iframe(_SCROLL.format(nonce=ss["scroll_count"]), height=1)


def char_counter(label: str, text: str) -> None:
    """ "120 / 5,000 characters" under a text box, kept live while typing."""
    components.html(render.counter_html(label, len(text or ""), MAX_CHARS))
    st.iframe(_COUNTER, height=1)
