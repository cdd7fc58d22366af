"""The JSON API's model routes (admin only, every call audited), on the ``/api/v1`` blueprint.

=======================================  ==================================================
``GET /api/v1/model``                    the model card (:meth:`ModelAccess.model_card`)
``POST /api/v1/model/train``             start training in the background: 202 with the job
                                         (409 while a training runs)
``GET /api/v1/model/train``              the latest training job: ``{"job": {...} | null}``
``POST /api/v1/model/previous``          switch back to the previous model: the new card
                                         (404 when none is kept, 409 while a training runs)
``GET /api/v1/audit/fairness``           ``{"groups": [...], "verdict", "findings", "age_date"}``
=======================================  ==================================================

The POSTs take no fields; like every POST of the API they need ``Content-Type:
application/json`` (an empty object will do) and a same-origin ``Origin``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, jsonify

from lksmatch.access import SecureService, records


def model_routes(api: Blueprint, current: Callable[[], SecureService]) -> None:
    """Add the model administration routes to ``api``."""

    @api.get("/model")
    def model_card() -> Response:
        return jsonify(current().model_card())

    @api.post("/model/train")
    def start_training() -> tuple[Response, int]:
        return jsonify(job=current().start_training()), 202

    @api.get("/model/train")
    def training_job() -> Response:
        return jsonify(job=current().training_job())

    @api.post("/model/previous")
    def restore_previous() -> Response:
        return jsonify(current().restore_previous_model())

    @api.get("/audit/fairness")
    def fairness() -> Response:
        found = current().fairness()
        return jsonify(
            groups=records(found["groups"]), verdict=found["verdict"], findings=found["findings"],
            age_date=found["age_date"],
        )
