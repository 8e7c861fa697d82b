"""Browser tests: a package, so its conftest imports as browser.conftest and `from conftest import ...` stays tests/conftest.py."""
