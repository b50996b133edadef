"""Typed errors: one class per status (and per code where the code says more than the status).

Every API error body is `{ error, code, requestId, details? }` plus, for some codes, extra fields
(the 402 body's `requiredCredits`, ...). An exception carries all of them.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Type

__all__ = [
    "PersonRunError",
    "APIError",
    "APIStatusError",
    "BadRequestError",
    "ValidationError",
    "AuthenticationError",
    "InsufficientCreditsError",
    "PermissionDeniedError",
    "UsageLimitExceededError",
    "NotFoundError",
    "ConflictError",
    "PayloadTooLargeError",
    "BlockedByPolicyError",
    "RateLimitError",
    "InternalServerError",
    "APIConnectionError",
    "APITimeoutError",
    "StreamError",
]


class PersonRunError(Exception):
    """Base of every error this SDK raises."""


class APIError(PersonRunError):
    """An error about a request to the API: a status from the server, or no answer at all."""

    message: str
    status: Optional[int]
    code: Optional[str]
    details: Any
    request_id: Optional[str]
    body: Any

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        code: Optional[str] = None,
        details: Any = None,
        request_id: Optional[str] = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details
        self.request_id = request_id
        self.body = body

    def __str__(self) -> str:
        parts = [self.message]
        if self.status is not None:
            parts.insert(0, f"{self.status}")
        if self.code:
            parts.append(f"(code={self.code})")
        if self.request_id:
            parts.append(f"[request_id={self.request_id}]")
        return " ".join(parts)


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status."""

    status: int
    headers: Mapping[str, str]

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: Optional[str] = None,
        details: Any = None,
        request_id: Optional[str] = None,
        body: Any = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        super().__init__(message, status=status, code=code, details=details, request_id=request_id, body=body)
        self.status = status
        self.headers = dict(headers or {})


class BadRequestError(APIStatusError):
    """400: the request is malformed (bad JSON, bad cursor, ...)."""


class ValidationError(BadRequestError):
    """400 `validation_error`: `details` lists each invalid field as `{path, message}`."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, invalid or expired."""


class InsufficientCreditsError(APIStatusError):
    """402: the tenant cannot afford the request."""

    @property
    def required_credits(self) -> Optional[float]:
        return _field(self.body, "requiredCredits")

    @property
    def available_credits(self) -> Optional[float]:
        return _field(self.body, "availableCredits")

    @property
    def action(self) -> Optional[str]:
        return _field(self.body, "action")

    @property
    def billing_path(self) -> Optional[str]:
        return _field(self.body, "billingPath")


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this (another tenant, role, profile)."""


class UsageLimitExceededError(PermissionDeniedError):
    """403 `usage_limit_exceeded`: a plan limit was reached."""


class NotFoundError(APIStatusError):
    """404: unknown resource (or one of another tenant)."""


class ConflictError(APIStatusError):
    """409: version or uniqueness conflict, a resource in use, or an `Idempotency-Key` reused."""


class PayloadTooLargeError(APIStatusError):
    """413: the body is too large."""


class BlockedByPolicyError(APIStatusError):
    """422: the tenant's safety policy blocked the prompt or the answer."""

    @property
    def reasons(self) -> List[Any]:
        """The guardrail's reasons (e.g. `{stage, rule, ...}` entries), from `details` or `guardrail`."""
        found: List[Any] = []
        for source in (self.details, _field(self.body, "guardrail")):
            if isinstance(source, list):
                found.extend(source)
            elif isinstance(source, dict):
                inner = source.get("reasons")
                if isinstance(inner, list):
                    found.extend(inner)
                else:
                    found.append(source)
        return found


class RateLimitError(APIStatusError):
    """429: too many requests; `retry_after` is the server's hint in seconds."""

    @property
    def retry_after(self) -> Optional[float]:
        value = self.headers.get("retry-after")
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None


class InternalServerError(APIStatusError):
    """5xx: a fault on the server or its model provider."""


class APIConnectionError(APIError):
    """No answer: the connection failed or broke."""

    def __init__(self, message: str = "Connection error", *, cause: Optional[BaseException] = None) -> None:
        super().__init__(message)
        self.__cause__ = cause


class APITimeoutError(APIConnectionError):
    """No answer within the client's timeout."""

    def __init__(self, message: str = "Request timed out", *, cause: Optional[BaseException] = None) -> None:
        super().__init__(message, cause=cause)


class StreamError(APIError):
    """An `error` event in an event stream (the stream then closes)."""


def _field(body: Any, name: str) -> Any:
    return body.get(name) if isinstance(body, dict) else None


_BY_CODE: Dict[str, Type[APIStatusError]] = {
    "validation_error": ValidationError,
    "usage_limit_exceeded": UsageLimitExceededError,
    "insufficient_credits": InsufficientCreditsError,
    "blocked_by_policy": BlockedByPolicyError,
    "rate_limited": RateLimitError,
}

_BY_STATUS: Dict[int, Type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientCreditsError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: BlockedByPolicyError,
    429: RateLimitError,
}


def error_from_response(status: int, body: Any, headers: Mapping[str, str]) -> APIStatusError:
    """Builds the exception for an error response (a JSON error body, or anything else a proxy sent)."""
    code = _field(body, "code")
    message = _field(body, "error")
    if not isinstance(message, str):
        message = body if isinstance(body, str) and body else f"HTTP {status}"
    request_id = _field(body, "requestId") or headers.get("x-request-id")
    cls = _BY_CODE.get(code) if isinstance(code, str) else None
    if cls is None:
        cls = _BY_STATUS.get(status, InternalServerError if status >= 500 else APIStatusError)
    return cls(
        message,
        status=status,
        code=code if isinstance(code, str) else None,
        details=_field(body, "details"),
        request_id=request_id,
        body=body,
        headers=headers,
    )
