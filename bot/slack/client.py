"""The Web API client: rate limits honoured, server errors and lost connections retried."""

from __future__ import annotations

from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings

LOCAL_SIGNING_SECRET = "local-console-signing-secret"
LOCAL_BOT_TOKEN = "xoxb-local-console"


class GatewayErrorRetryHandler(ServerErrorRetryHandler):
    """Retries 502 and 504 too: what Slack's load balancers answer when Slack is struggling."""

    def _can_retry(
        self, *, state: Any, request: Any, response: Any = None, error: Any = None
    ) -> bool:
        return response is not None and response.status_code in (500, 502, 503, 504)


def make_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client that honours rate limits and retries server errors, lost connections
    and timeouts (a retried timeout may rarely post twice; losing the post is worse)."""
    return WebClient(
        token=token or settings.slack_bot_token or LOCAL_BOT_TOKEN,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(
                max_retry_count=2,
                error_types=[URLError, ConnectionResetError, RemoteDisconnected, TimeoutError],
            ),
            RateLimitErrorRetryHandler(max_retry_count=2),
            GatewayErrorRetryHandler(max_retry_count=2),
        ],
    )
