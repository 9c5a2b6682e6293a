"""Generated pages: one module per kind of page, each turning the model into Markdown."""
