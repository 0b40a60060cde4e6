"""Training and evaluation of every model from labelled data (``parallax train`` / ``evaluate``)."""
