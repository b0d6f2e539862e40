"""Streamlit glue shared by the pages: page set-up, session state, cached data, widgets.

Everything that touches ``streamlit`` lives here or in ``pages/``; ``graph/`` never does.
"""
