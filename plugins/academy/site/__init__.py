"""The generated site, made from the model with no engine imported: pages, charts, calendars (model -> pages)."""
