import Foundation
import HTTPTypes
import Hummingbird

/// The console as a store's control panel shows it: the same page and scripts as at `/`, with the page
/// session's token and the store's name written into the page (``ConsoleSessions``), and allowed to be
/// framed by the control panel only.
extension ConsoleRoutes {
    /// The origins that may frame a store's console: its control panel (`https://store-{hash}.mybigcommerce.com`),
    /// BigCommerce's own, and the app's login service when it is not BigCommerce's (a local stand-in).
    static func controlPanelOrigins(storeHash: String?, loginURL: String?) -> [String] {
        var origins = ["https://*.bigcommerce.com"]
        if let storeHash { origins.insert("https://store-\(storeHash).mybigcommerce.com", at: 0) }
        if let login = FrontSecurity.origin(of: loginURL), !login.hasSuffix(".bigcommerce.com"),
            login.allSatisfy({ !$0.isWhitespace && $0 != ";" && $0 != "," })
        {
            origins.append(login)
        }
        return origins
    }

    /// Headers of a page the control panel frames: the console's, but framed by `origins` only.
    static func framedHeaders(_ origins: [String]) -> HTTPFields {
        var headers = securityHeaders
        headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'none'; base-uri 'none'; frame-ancestors \(origins.joined(separator: " "))"
        headers[HTTPField.Name("X-Frame-Options")!] = nil
        headers[.contentType] = "text/html; charset=utf-8"
        return headers
    }

    /// The console's page for a store: `index.html` with `<meta name="console-session">` (the page session's
    /// token), `<meta name="console-store">` (the store's name) and, when given, `<meta name="console-notice">`.
    func storePage(session: String, storeLabel: String, notice: String?, frameAncestors: [String]) -> Response {
        var page = assets.assets["/"].map { String(buffer: $0.bytes) } ?? "<!doctype html><html><head></head></html>"
        var metas =
            "\n  <meta name=\"console-session\" content=\"\(Self.escaped(session))\">"
            + "\n  <meta name=\"console-store\" content=\"\(Self.escaped(storeLabel))\">"
        if let notice { metas += "\n  <meta name=\"console-notice\" content=\"\(Self.escaped(notice))\">" }
        if let head = page.range(of: "<head>") { page.insert(contentsOf: metas, at: head.upperBound) }
        return Response(
            status: .ok, headers: Self.framedHeaders(frameAncestors), body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// A page that says `message` (a refused install or load), which the control panel (`frameAncestors`) may
    /// frame.
    func messagePage(status: HTTPResponse.Status, title: String, message: String, frameAncestors: [String])
        -> Response
    {
        let page = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>\(Self.escaped(title))</title>
              <link rel="stylesheet" href="/console/style.css">
            </head>
            <body>
              <section class="card narrow" role="alert">
                <h1>\(Self.escaped(title))</h1>
                <p id="app-message">\(Self.escaped(message))</p>
              </section>
            </body>
            </html>
            """
        return Response(
            status: status, headers: Self.framedHeaders(frameAncestors),
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// `text` safe inside HTML text and double-quoted attributes.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
