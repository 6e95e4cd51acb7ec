"""A count by key forgets the key once its count is back to nothing."""

from collections import Counter

from netbar.hub.counting import count_down


def test_a_key_counted_down_to_nothing_is_forgotten_and_said_to_be() -> None:
    counts = Counter({"10.0.0.7": 2, "10.0.0.8": 1})
    assert count_down(counts, "10.0.0.7") is False
    assert counts == Counter({"10.0.0.7": 1, "10.0.0.8": 1})
    assert count_down(counts, "10.0.0.7") is True
    assert "10.0.0.7" not in counts  # not kept at 0: an address that came once is not remembered for months
    assert counts == Counter({"10.0.0.8": 1})
