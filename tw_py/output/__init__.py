"""Everything written to stdout: console tables and text, or one JSON document."""
