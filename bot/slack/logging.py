"""The one structured log line of each request."""

from __future__ import annotations

import logging

from slack_bolt.request import BoltRequest

from bot.logs import LEVELS, describe_request, format_fields, outcome_of

request_logger = logging.getLogger("bot.request")


def log_request(req: BoltRequest, status: int) -> None:
    """The request's one structured line: what it was, who, how long, how it ended.

    ``ack_ms`` is how long Slack waited for its answer; ``latency_ms`` runs until the work
    done after the answer (the posts, a modal) is finished too.
    """
    outcome = outcome_of(status, req.context.get("outcome"))
    level = LEVELS.get(outcome, logging.INFO)
    if not request_logger.isEnabledFor(level):
        return
    fields = {
        **describe_request(req.body or {}),
        "ack_ms": req.context.get("ack_ms"),
        "latency_ms": req.context.get("latency_ms"),
        "outcome": outcome,
        "status": status,
    }
    for key in ("error", "error_id"):
        if req.context.get(key):
            fields[key] = req.context[key]
    request_logger.log(level, "request %s", format_fields(fields))
