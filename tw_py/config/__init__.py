"""Where twpy keeps its configuration, and how settings and tokens are resolved."""
