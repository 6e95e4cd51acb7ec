"""The seat's kiosk: Qt widgets and their view-model. Widgets emit intents; nothing here touches SQL or sockets."""
