"""The model's administration, part of :class:`lksmatch.service.Service`: the model card, training in
the background, switching back to the previous model, the fairness report's data.
"""

from __future__ import annotations


class ModelAdmin:
    """The model-card methods of the service (mixed into :class:`lksmatch.service.Service`)."""
