"""Hostile data for the build: a corpus of payloads (payloads.py) and the checks of what the site makes of them."""
