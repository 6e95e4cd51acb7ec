"""The counter's staff window: Qt widgets and their view-model. Nothing here touches SQL or sockets."""
