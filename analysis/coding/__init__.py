"""Researchers' own coding: codings per coder, overrides of the model, codebooks,
agreement between coders (the model counted as one more coder), training data from
codings, and the segments a model is least sure about.

Nothing here imports Qt: the desktop's coding views call these functions in jobs.
"""
