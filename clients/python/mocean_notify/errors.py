"""Exceptions raised by the mocean-notify client."""

from __future__ import annotations

from typing import Any


class RpcError(Exception):
    """An error response from the server.

    Attributes:
        code: the JSON-RPC error code (for example -32601, method not found).
        message: the server's short description of the error.
        data: the error's ``data`` member, or None when the server sent none.
        response: the whole response object, as received.
    """

    def __init__(self, code: int, message: str, data: Any = None, response: dict | None = None):
        super().__init__(code, message, data)
        self.code = code
        self.message = message
        self.data = data
        self.response = response

    @classmethod
    def from_response(cls, response: dict) -> "RpcError":
        """Builds the exception from a response object whose ``error`` member is set."""
        error = response.get("error")
        if not isinstance(error, dict):
            raise ProtocolError(f"error response without an error object: {response!r}")
        return cls(error.get("code"), error.get("message"), error.get("data"), response)

    def __str__(self) -> str:
        text = f"{self.code}: {self.message}"
        if self.data is not None:
            text += f" (data: {self.data!r})"
        return text


class TransportError(Exception):
    """The connection to the server failed: it closed, a write failed, or a reply did not come in time."""


class RpcTimeout(TransportError, TimeoutError):
    """No reply arrived within the client's timeout."""


class ProtocolError(TransportError):
    """The server sent something that is not a JSON-RPC message the client can use."""
