"""person.run Python SDK: `from person_run import PersonRun`."""

from ._base import VERSION as __version__
from ._base import RawResponse
from ._client import DEFAULT_BASE_URL, PersonRun
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BlockedByPolicyError,
    ConflictError,
    InsufficientCreditsError,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    PersonRunError,
    RateLimitError,
    StreamError,
    UsageLimitExceededError,
    ValidationError,
)
from ._operations import OPERATIONS
from ._pagination import CursorPage
from ._streaming import EventStream, PromptStream, RunEventStream, ServerSentEvent, WidgetStream
from .resources import StudyCsv, StudyResults

__all__ = [
    "__version__",
    "PersonRun",
    "DEFAULT_BASE_URL",
    "OPERATIONS",
    "CursorPage",
    "EventStream",
    "PromptStream",
    "RunEventStream",
    "WidgetStream",
    "ServerSentEvent",
    "RawResponse",
    "StudyResults",
    "StudyCsv",
    "PersonRunError",
    "APIError",
    "APIStatusError",
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BlockedByPolicyError",
    "ConflictError",
    "InsufficientCreditsError",
    "InternalServerError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "StreamError",
    "UsageLimitExceededError",
    "ValidationError",
]
