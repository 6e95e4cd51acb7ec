import pytest

from netbar.domain.money import format_fen


@pytest.mark.parametrize(
    ("fen", "text"),
    [(1250, "¥12.50"), (0, "¥0.00"), (5, "¥0.05"), (100, "¥1.00"), (123456, "¥1234.56"), (-350, "-¥3.50")],
)
def test_fen_is_shown_as_yuan(fen: int, text: str) -> None:
    assert format_fen(fen) == text
