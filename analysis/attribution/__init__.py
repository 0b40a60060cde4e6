"""Source attribution: who said what, what kind of source it is, the sourcing profile."""
