import ConsoleAssets
import Hummingbird

/// The console's files as the binary carries them (``ConsoleAssets``), by the path they are served at.
struct ConsoleAssetTable: Sendable {
    struct Asset: Sendable {
        let contentType: String
        let bytes: ByteBuffer
    }

    let assets: [String: Asset]

    init() {
        var assets: [String: Asset] = [:]
        for index in 0..<console_asset_count() {
            guard let asset = console_asset_at(index)?.pointee, let path = asset.path, let type = asset.content_type,
                let bytes = asset.bytes
            else { continue }
            assets[String(cString: path)] = Asset(
                contentType: String(cString: type),
                bytes: ByteBuffer(bytes: UnsafeBufferPointer(start: bytes, count: asset.length)))
        }
        self.assets = assets
    }
}
