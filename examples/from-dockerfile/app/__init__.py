"""Task code baked into the from-dockerfile image."""
