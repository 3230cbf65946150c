"""Domain operations on the Seqera Platform API; only client.py talks HTTP."""
