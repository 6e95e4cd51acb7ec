"""Pure rules of the seat service: requests, their lifecycle, money, the menu and seat sessions. No I/O."""
