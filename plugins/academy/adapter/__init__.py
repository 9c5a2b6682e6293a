"""The MkDocs (and ProperDocs) adapter: hands the generated site to the engine (pages -> engine)."""
