"""The client side of the wire: connect and reconnect, hello, a durable outbox, acks, resume by sequence."""
