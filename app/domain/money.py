"""Money is an int of fen (分) everywhere; it becomes text only at the edge, and text becomes fen only there."""

import re

# The dearest price a menu item may carry (MenuItem.price_fen): ¥100,000.00.
MAX_PRICE_FEN = 10_000_000

# "12", "12.5", "12.50", "¥12.50"; the full-width ￥ is the sign a Chinese keyboard types.
_YUAN = re.compile(r"[¥￥]?([0-9]{1,9})(?:\.([0-9]{1,2}))?")


def format_fen(fen: int) -> str:
    """`format_fen(1250) == "¥12.50"`."""
    sign = "-" if fen < 0 else ""
    yuan, fen_part = divmod(abs(fen), 100)
    return f"{sign}¥{yuan}.{fen_part:02d}"


def parse_yuan(text: str) -> int:
    """A price as staff type it, in fen: `parse_yuan("¥12.5") == 1250`. Whole yuan with at most two decimals,
    optionally after ¥, from 0 to MAX_PRICE_FEN; anything else (a minus, a comma, a third decimal) is a
    ValueError that says what was wrong."""
    match = _YUAN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a price: {text!r} (write it as 12, 12.5 or ¥12.50)")
    yuan, decimals = match.groups()
    fen = int(yuan) * 100 + int((decimals or "0").ljust(2, "0"))
    if fen > MAX_PRICE_FEN:
        raise ValueError(f"too dear: {text!r} (at most {format_fen(MAX_PRICE_FEN)})")
    return fen
