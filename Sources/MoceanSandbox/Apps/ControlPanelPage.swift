/// The page `GET /sandbox/apps/panel` answers: a store's control panel as far as an app sees it, the app
/// framed in an iframe whose `src` is a fresh load URL. Plain HTML with an inline style; no script.
enum ControlPanelPage {
    /// The page for store `storeHash` framing `loadURL`.
    static func html(storeHash: String, loadURL: String) -> String {
        let store = escape(storeHash)
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Sandbox control panel: store \(store)</title>
            <style>
            body { margin: 0; font-family: sans-serif; }
            header { padding: 10px 16px; background: #34313f; color: #fff; }
            iframe { display: block; border: 0; width: 100%; height: calc(100vh - 40px); }
            </style>
            </head>
            <body>
            <header>Sandbox control panel &middot; store \(store) &middot; Apps</header>
            <iframe src="\(escape(loadURL))" title="App"></iframe>
            </body>
            </html>

            """
    }

    /// `text` safe inside an HTML attribute or element.
    private static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
