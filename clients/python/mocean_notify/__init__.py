"""Python client of mocean-notify, a JSON-RPC 2.0 service (standard library only).

    from mocean_notify import StdioClient

    with StdioClient([binary, "serve", "--stdio", "--database", "/tmp/n.sqlite"]) as client:
        assert client.call("system.ping") == "pong"
"""

__version__ = "0.1.0"

from .client import StdioClient, TcpClient
from .errors import ProtocolError, RpcError, RpcTimeout, TransportError
from .process import ServerProcess

__all__ = [
    "StdioClient",
    "TcpClient",
    "ServerProcess",
    "RpcError",
    "TransportError",
    "RpcTimeout",
    "ProtocolError",
]
