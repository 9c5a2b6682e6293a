"""The Relationships Academy site generator: YAML data in, MkDocs pages and charts out."""
