import pytest

from netbar.domain.money import MAX_PRICE_FEN, format_fen, parse_yuan


@pytest.mark.parametrize(
    ("fen", "text"),
    [(1250, "¥12.50"), (0, "¥0.00"), (5, "¥0.05"), (100, "¥1.00"), (123456, "¥1234.56"), (-350, "-¥3.50")],
)
def test_fen_is_shown_as_yuan(fen: int, text: str) -> None:
    assert format_fen(fen) == text


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12", 1200),
        ("12.5", 1250),
        ("12.50", 1250),
        ("¥12.50", 1250),
        ("￥12.50", 1250),  # the sign a Chinese keyboard types
        (" 3.05 ", 305),
        ("0", 0),
        ("0.05", 5),
        ("100000", MAX_PRICE_FEN),
    ],
)
def test_a_price_as_staff_type_it_becomes_fen(text: str, fen: int) -> None:
    assert parse_yuan(text) == fen


@pytest.mark.parametrize(
    "text",
    ["", "¥", "abc", "12.505", "-3", "1,200", "12.", ".5", "12 .50", "¥ 12", "1e3", "12元", "１２", "100000.01"],
)
def test_anything_else_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a price|too dear"):
        parse_yuan(text)


def test_every_price_shown_reads_back_as_itself() -> None:
    for fen in (0, 1, 99, 100, 1250, 350, MAX_PRICE_FEN):
        assert parse_yuan(format_fen(fen)) == fen
