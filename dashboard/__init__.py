"""Streamlit dashboard on the published read-only copy of the marts."""
