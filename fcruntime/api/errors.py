"""Errors only the HTTP protocol layer raises (fc-spec §7.5); domain errors live in fcruntime.errors."""
from __future__ import annotations

from fcruntime.errors import FcError


class MissingRequiredHeader(FcError):
    code, status = "MissingRequiredHeader", 400

    def __init__(self, header: str):
        super().__init__(f"required HTTP header {header} was not specified")


class InvalidHeader(FcError):
    code, status = "InvalidHeader", 400


class PathNotSupported(FcError):
    code, status = "PathNotSupported", 400

    def __init__(self, method: str, path: str):
        super().__init__(f"'{method}' against '{path}' is not supported")


class InvalidJSON(FcError):
    code, status = "InvalidArgument", 400


class SignatureNotMatch(FcError):
    code, status = "SignatureNotMatch", 403

    def __init__(self, message: str = ""):
        super().__init__(message or (
            "The request signature we calculated does not match the signature you provided. "
            "Check your access key and signing method"))


class InvalidAccessKeyID(FcError):
    code, status = "InvalidAccessKeyID", 403

    def __init__(self, access_key_id: str):
        super().__init__(f"invalid access key ID '{access_key_id}'")


class RequestTimeTooSkewed(FcError):
    """FC answers a stale or future Date with 403; the code name follows OSS/FC usage."""

    code, status = "RequestTimeTooSkewed", 403


class InvalidDigest(FcError):
    code, status = "InvalidDigest", 400

    def __init__(self) -> None:
        super().__init__("the Content-MD5 you specified does not match the MD5 of the request body")


class PreconditionFailed(FcError):
    code, status = "PreconditionFailed", 412

    def __init__(self) -> None:
        super().__init__("the resource being modified has been changed")


class ConcurrentUpdateError(FcError):
    code, status = "ConcurrentUpdateError", 409


class ResourceNotFound(FcError):
    code, status = "ResourceNotFound", 404


class DownloadLinkExpired(FcError):
    code, status = "AccessDenied", 403


class InternalErrorNoRetry(FcError):
    """A server bug answering GET/PUT/DELETE. 503, not 500: the SDK retries 500/502/504 on those
    methods for ~30 s, which cannot help a deterministic bug. The code stays InternalServerError."""

    code, status = "InternalServerError", 503


class AsyncConfigNotExists(FcError):
    code, status = "AsyncConfigNotExists", 404

    def __init__(self, target: str, qualifier: str):
        super().__init__(f"AsyncConfig for {target}:{qualifier} does not exist.")
