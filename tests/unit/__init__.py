"""Unit tests of the star_bank package: a package, so its modules import as unit.<name> beside tests/conftest.py."""
