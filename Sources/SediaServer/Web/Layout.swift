import Hummingbird
import SediaCore
import SediaStore

/// The frame of every page: language, title, the menu for the user's role, the language switch, a skip link and
/// the shared style sheet. Pages give their title and their `<main>` content.
struct Layout {
    let t: Localizer
    let user: User?
    let csrf: String?
    /// The page's own path and query, where the language switch returns to.
    let path: String

    /// `refresh`: seconds after which the page reloads itself (a background job's progress; no script needed).
    func page(title: String, body: Markup, refresh: Int? = nil) -> Markup {
        """
        <!doctype html>
        <html lang="\(t.htmlLang)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        \(refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" as Markup } ?? .empty)
        <title>\(title) · Sedia</title>
        <style>\(Layout.style)</style>
        </head>
        <body>
        <a class="skip" href="#main">\(t("layout.skip"))</a>
        <header>
        <nav aria-label="\(t("layout.menu"))">
        <a href="/"><strong>Sedia</strong></a>
        \(menu)
        </nav>
        \(languageSwitch)
        \(account)
        </header>
        <main id="main" tabindex="-1">
        <h1>\(title)</h1>
        \(body)
        </main>
        <footer class="muted small">\(t("layout.footer"))</footer>
        </body>
        </html>
        """
    }

    var menu: Markup {
        guard let user else { return .empty }
        var items: [Markup] = []
        let books = user.role == .coordinator || user.role == .admin
        if books {
            items.append("<a href=\"/today\">\(t("nav.today"))</a>")
            items.append("<a href=\"/cases\">\(t("nav.cases"))</a>")
            items.append("<a href=\"/cases/new\">\(t("nav.newCase"))</a>")
            items.append("<a href=\"/week\">\(t("nav.week"))</a>")
        }
        if user.role == .prosecutor { items.append("<a href=\"/my-cases\">\(t("nav.myCases"))</a>") }
        if user.role != .staff { items.append("<a href=\"/board\">\(t("nav.board"))</a>") }
        if user.role != .staff { items.append("<a href=\"/reports\">\(t("nav.reports"))</a>") }
        if books {
            items.append("<a href=\"/disruptions\">\(t("nav.disruptions"))</a>")
            items.append("<a href=\"/replan\">\(t("nav.replan"))</a>")
            items.append("<a href=\"/whatif\">\(t("nav.whatif"))</a>")
            items.append("<a href=\"/outbox\">\(t("nav.outbox"))</a>")
        }
        if user.role == .staff, user.person != nil { items.append("<a href=\"/agenda\">\(t("nav.agenda"))</a>") }
        items.append("<a href=\"/me\">\(t("nav.me"))</a>")
        if user.role == .admin {
            items.append("<a href=\"/admin/users\">\(t("nav.accounts"))</a>")
            items.append("<a href=\"/admin/travel\">\(t("nav.travel"))</a>")
        }
        return .join(items, separator: "\n")
    }

    /// A form (no script): the choice is kept on the account, or in a cookie before sign-in.
    var languageSwitch: Markup {
        let other: Language = t.language == .ms ? .en : .ms
        return """
            <form method="post" action="/language" class="lang">\(Tag.csrf(csrf))<input type="hidden" name="back" value="\(path)">\
            <input type="hidden" name="language" value="\(other.rawValue)">\
            <button type="submit" lang="\(other.rawValue)">\(t("layout.switchTo.\(other.rawValue)"))</button></form>
            """
    }

    var account: Markup {
        guard let user else { return .empty }
        return """
            <span class="who">\(user.username) · \(t("role.\(user.role.rawValue)")) · \(user.scope.state ?? t("layout.allStates"))</span>
            <form method="post" action="/logout">\(Tag.csrf(csrf))<button type="submit">\(t("layout.signOut"))</button></form>
            """
    }

    static let style = Markup.trusted(
        """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fafafa;line-height:1.4}
        .skip{position:absolute;left:-999px;top:0;background:#fff;color:#1f3a5f;padding:.5rem;z-index:9}.skip:focus{left:.5rem}
        header{background:#1f3a5f;color:#fff;padding:.5rem 1rem;display:flex;gap:.6rem 1rem;align-items:center;flex-wrap:wrap}
        header nav{display:flex;gap:.4rem 1rem;flex-wrap:wrap}header a{color:#fff;text-decoration:none;font-weight:500}header a:hover{text-decoration:underline}
        header .who{margin-left:auto;font-size:.9rem}header form{display:inline}
        header button{background:none;border:1px solid #fff;color:#fff;border-radius:3px;padding:.2rem .5rem;cursor:pointer;font:inherit}
        a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
        main{padding:1rem;max-width:1200px;margin:auto}h1{font-size:1.45rem;margin:.3rem 0 .8rem}h2{font-size:1.15rem}
        footer{padding:1rem;text-align:center}
        .scroll{overflow-x:auto;max-width:100%;position:relative}
        table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.92rem}
        th{background:#eef2f7}.risk{background:#fdecea}.ok{color:#1e5a2b}.late{color:#a1221a;font-weight:600}
        .error{background:#fdecea;border:1px solid #a1221a;padding:.6rem;border-radius:4px;margin:.6rem 0}
        .notice{background:#eaf4ea;border:1px solid #1e5a2b;padding:.6rem;border-radius:4px;margin:.6rem 0;overflow-wrap:anywhere}
        form.stack label{display:block;margin:.45rem 0}
        form.stack input[type=text],form.stack input[type=number],form.stack input[type=date],form.stack input[type=password],form.stack input[type=email],form.stack select,form.stack textarea{display:block;width:100%;max-width:28rem;padding:.3rem;box-sizing:border-box}
        fieldset{border:1px solid #bbb;margin:.8rem 0;background:#fff}button.primary{background:#1f3a5f;color:#fff;border:0;padding:.45rem 1rem;border-radius:3px;cursor:pointer;font:inherit}
        .cell{font-size:.85rem;border-left:3px solid #1f3a5f;padding-left:.3rem;margin:.2rem 0}.muted{color:#555}
        .chart{max-width:560px;width:100%;background:#fff;border:1px solid #ccc}
        .small{font-size:.8rem;color:#404040}td.due{white-space:nowrap}td.status-overdue{font-weight:600}td.status-at-risk{font-style:italic}td.status-advisory{color:#505050}
        .grid{display:grid;gap:1px;background:#ccc;border:1px solid #ccc;min-width:640px}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 1rem}form.inline{display:inline}
        .grid>div{background:#fff;padding:.2rem .3rem;font-size:.82rem;min-height:1.6rem}
        .grid .head{background:#eef2f7;font-weight:600;position:sticky;top:0}.grid .time{background:#f4f6f9;color:#333;text-align:right}
        .grid .closed{background:repeating-linear-gradient(45deg,#f1f1f1,#f1f1f1 6px,#e4e4e4 6px,#e4e4e4 12px);color:#333}
        .grid .booking{background:#dce7f5;border-left:4px solid #1f3a5f}.grid .busy{background:#e6e6e6;border-left:4px solid #666}
        .grid a.book{color:#1f3a5f;font-size:.78rem}
        .toolbar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0}.toolbar form{display:flex;gap:.4rem;align-items:end;flex-wrap:wrap}
        details{margin:.3rem 0}summary{cursor:pointer}
        ul.plain{list-style:none;padding-left:0}.agenda li{background:#fff;border-left:4px solid #1f3a5f;padding:.4rem .6rem;margin:.4rem 0;overflow-wrap:anywhere}
        .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        @media (max-width:600px){main{padding:.6rem}th,td{font-size:.85rem;padding:.25rem .3rem}header .who{margin-left:0}.hide-narrow{display:none}}
        @page{size:A4;margin:12mm}
        @media print{header,.noprint,form button,.skip,footer{display:none}body{background:#fff}main{max-width:none;padding:0}th,td{font-size:9pt;padding:2pt 4pt}thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}.risk{background:none}}
        """)
}
