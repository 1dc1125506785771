"""Texts and helpers shared by several screens (translation helper, workflow and material labels, column titles)."""
