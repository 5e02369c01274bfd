import HTTPClient
import JSONCore

/// A webhook registered on the store (`/v3/hooks`).
public struct StoreHook: Sendable, Equatable, Codable {
    /// The store's id of the hook.
    public var id: Int
    /// The event, e.g. `store/order/created`.
    public var scope: String
    /// Where the store posts the event.
    public var destination: String
    /// False once the store deactivated it (after about 48 hours of failed deliveries) or it was turned off.
    public var isActive: Bool
    /// Headers the store sends back with every delivery (a shared secret); absent from the store's list answers
    /// on some plans.
    public var headers: [String: String]?
    /// When it was created, in Unix seconds.
    public var createdAt: Int?
    /// When it last changed, in Unix seconds.
    public var updatedAt: Int?

    enum CodingKeys: String, CodingKey {
        case id, scope, destination, headers
        case isActive = "is_active"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: Int, scope: String, destination: String, isActive: Bool, headers: [String: String]? = nil,
        createdAt: Int? = nil, updatedAt: Int? = nil
    ) {
        self.id = id
        self.scope = scope
        self.destination = destination
        self.isActive = isActive
        self.headers = headers
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What a hook is created or updated with.
public struct StoreHookRequest: Sendable, Equatable, Encodable {
    /// The event, e.g. `store/order/created`.
    public var scope: String
    /// Where the store should post it (https on port 443 for BigCommerce).
    public var destination: String
    /// Whether the store should deliver it.
    public var isActive: Bool
    /// Headers the store sends back with every delivery.
    public var headers: [String: String]

    enum CodingKeys: String, CodingKey {
        case scope, destination, headers
        case isActive = "is_active"
    }

    public init(scope: String, destination: String, isActive: Bool, headers: [String: String]) {
        self.scope = scope
        self.destination = destination
        self.isActive = isActive
        self.headers = headers
    }
}

extension BigCommerceClient {
    /// Every hook of the store (and app), all pages.
    public func hooks() async throws(BigCommerceError) -> [StoreHook] {
        var hooks: [StoreHook] = []
        var page = 1
        while true {
            let answer = try await get("/v3/hooks?page=\(page)&limit=250")
            let data = answer["data"]?.arrayValue ?? answer.arrayValue ?? []
            hooks += try data.map { value throws(BigCommerceError) in try Self.hook(value) }
            let pagination = answer["meta"]?["pagination"]
            let totalPages = pagination?["total_pages"].flatMap { Int($0.description) } ?? 1
            guard page < totalPages, !data.isEmpty, page < 1000 else { return hooks }
            page += 1
        }
    }

    /// Creates a hook.
    public func createHook(_ request: StoreHookRequest) async throws(BigCommerceError) -> StoreHook {
        try Self.hook(try await send(.post, "/v3/hooks", body: Self.body(request))["data"] ?? .null)
    }

    /// Replaces a hook's fields (`PUT /v3/hooks/{id}`), e.g. to re-enable it.
    public func updateHook(id: Int, _ request: StoreHookRequest) async throws(BigCommerceError) -> StoreHook {
        try Self.hook(try await send(.put, "/v3/hooks/\(id)", body: Self.body(request))["data"] ?? .null)
    }

    private static func body(_ request: StoreHookRequest) throws(BigCommerceError) -> JSONValue {
        do {
            return try JSONValueEncoder().encode(request)
        } catch {
            throw BigCommerceError(kind: .rejected, message: "the hook cannot be encoded: \(error)")
        }
    }

    static func hook(_ value: JSONValue) throws(BigCommerceError) -> StoreHook {
        do {
            return try JSONValueDecoder().decode(StoreHook.self, from: value)
        } catch {
            throw BigCommerceError(
                kind: .malformedResponse, message: "a hook the store described is unreadable: \(error)")
        }
    }
}
