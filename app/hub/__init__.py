"""The hub service: command handlers (validate → price → persist → publish) and the WebSocket server."""
