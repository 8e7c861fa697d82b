"""Views of the model: Markdown pages, allow-listed HTML, terminal text and downloads."""
