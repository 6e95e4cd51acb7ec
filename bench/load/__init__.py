"""A load generator for the hub at a full house (issue 8): a real `netbar hub` process on a temporary database,
load from separate processes, each figure printed beside a baseline measured in the same run, never asserted."""
