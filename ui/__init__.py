"""Everything Streamlit: pages (layout only), components, escaped HTML rendering,
session keys and cached resources. Nothing here decides what feedback says."""
