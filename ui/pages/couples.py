"""Couples: the speaker–listener exercise on one screen (pass the phone) or on two phones."""

import streamlit as st

from ui import couples_pages

st.title("Couples: speaker and listener")
couples_pages.show()
