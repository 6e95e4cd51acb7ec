"""The wire contract between hub and clients (DESIGN §6): one JSON object per text frame, validated both ends."""
