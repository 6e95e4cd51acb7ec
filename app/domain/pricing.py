"""The hub prices every request from its own menu; a price from a client is never read."""

from collections import Counter
from collections.abc import Iterable, Mapping

from netbar.domain.commands import OptionPick, PlaceRequest
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.menu import MenuItem
from netbar.domain.requests import ChosenOption, RequestLine


def price_lines(order: PlaceRequest, menu: Mapping[str, MenuItem]) -> tuple[RequestLine, ...]:
    """The order's lines at menu prices, or `CommandRejected` for an unknown item (`not_found`), an item of
    another category or options the item does not have (`invalid`), or more than is there (`sold_out`)."""
    category = order.kind.menu_category
    wanted: Counter[str] = Counter()
    priced = []
    for line in order.lines:
        item = menu.get(line.item_id)
        if item is None:
            raise CommandRejected(ErrorCode.NOT_FOUND, f"no menu item {line.item_id!r}")
        if item.category is not category:
            raise CommandRejected(
                ErrorCode.INVALID, f"{item.id!r} is a {item.category} item, not for a {order.kind} request"
            )
        wanted[item.id] += line.qty  # the same dish made two ways draws on one stock
        if not item.can_supply(wanted[item.id]):
            left = "sold out" if item.sold_out else f"only {item.stock} left"
            raise CommandRejected(ErrorCode.SOLD_OUT, f"{item.name_en} ({item.name_zh}): {left}")
        priced.append(priced_line(item, line.qty, line.options))
    return tuple(priced)


def priced_line(item: MenuItem, qty: int, picks: Iterable[OptionPick] = ()) -> RequestLine:
    """`qty` of `item` made with `picks`, at its menu price plus the options', with names and minutes copied;
    `CommandRejected` (`invalid`) for picks the item's option groups do not allow."""
    options = chosen_options(item, picks)
    return RequestLine(
        item_id=item.id,
        name_zh=item.name_zh,
        name_en=item.name_en,
        qty=qty,
        price_fen=item.price_fen + sum(option.price_fen for option in options),
        minutes=item.minutes,
        options=options,
    )


def chosen_options(item: MenuItem, picks: Iterable[OptionPick]) -> tuple[ChosenOption, ...]:
    """The picks as the menu has them, in the menu's order: each group and choice must be the item's, a single
    group has at most one pick, and every required group has one."""
    picked: dict[str, set[str]] = {}
    for pick in picks:
        group = item.option_group(pick.group)
        if group is None or group.choice(pick.choice) is None:
            raise CommandRejected(ErrorCode.INVALID, f"{item.id!r} has no option {pick.group}={pick.choice}")
        chosen = picked.setdefault(group.id, set())
        if pick.choice in chosen:
            raise CommandRejected(ErrorCode.INVALID, f"{item.id!r}: {pick.group}={pick.choice} is picked twice")
        chosen.add(pick.choice)
    options = []
    for group in item.options:
        chosen = picked.get(group.id, set())
        if group.required and not chosen:
            raise CommandRejected(ErrorCode.INVALID, f"{item.id!r} needs a choice of {group.name_en}")
        if not group.multiple and len(chosen) > 1:
            raise CommandRejected(ErrorCode.INVALID, f"{item.id!r}: pick one {group.name_en}, not {len(chosen)}")
        options += [
            ChosenOption(
                group=group.id,
                choice=choice.id,
                name_zh=choice.name_zh,
                name_en=choice.name_en,
                price_fen=choice.price_fen,
            )
            for choice in group.choices
            if choice.id in chosen
        ]
    return tuple(options)


def made_line(item: MenuItem, qty: int, picks: Iterable[OptionPick]) -> RequestLine | None:
    """`priced_line`, or None where the menu (which may have changed since) does not make `item` with these picks."""
    try:
        return priced_line(item, qty, picks)
    except CommandRejected:
        return None


def can_make(item: MenuItem, picks: Iterable[OptionPick]) -> bool:
    """Whether `item` is made with these picks (the menu may have changed since they were picked)."""
    return made_line(item, 1, picks) is not None
