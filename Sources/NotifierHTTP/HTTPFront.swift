// The HTTP front: store webhooks, delivery reports, JSON-RPC over HTTP, health and metrics.
