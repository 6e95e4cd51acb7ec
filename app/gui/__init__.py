"""What the kiosk and staff windows share: one loop for Qt and asyncio, languages, style."""
