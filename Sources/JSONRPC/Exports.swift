// JSON values are the engine's currency: every user of JSON-RPC gets them with it.
@_exported import JSONCore
