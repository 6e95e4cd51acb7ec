"""Money is an int of fen (分) everywhere; it becomes text only at the edge."""


def format_fen(fen: int) -> str:
    """`format_fen(1250) == "¥12.50"`."""
    sign = "-" if fen < 0 else ""
    yuan, fen_part = divmod(abs(fen), 100)
    return f"{sign}¥{yuan}.{fen_part:02d}"
