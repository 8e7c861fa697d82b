"""STAR Story Bank: the data model (model/) and the views that turn it into pages and terminal text (views/)."""
