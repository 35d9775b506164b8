public import ArgumentParser
import Foundation
public import SediaCore
import SediaServer
public import SediaStore

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage user accounts.",
        subcommands: [
            UserAddCommand.self, UserDisableCommand.self, UserEnableCommand.self, UserPasswordCommand.self, UserListCommand.self,
        ])
}

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a user; the password is read from standard input (never from the command line).")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "The sign-in name.") var username: String
    @Option(help: "coordinator, prosecutor, staff or admin.") var role: Role
    @Option(help: "The state the user works in (ISO 3166-2:MY, e.g. MY-03); omit for every state.") var state: String?
    @Option(
        help:
            "The interviewer or psychologist id a staff account belongs to; for a prosecutor, their id (e.g. DPP-01), made a prosecutor of --state if new."
    )
    var person: String?
    @Option(help: "The language of the user's pages: ms or en.") var language: Language = .en
    @Flag(help: "Read the password from standard input (first line).") var passwordStdin = false
    @Option(help: "Who is adding (for the audit log).") var actor: String = "cli"

    func validate() throws {
        guard passwordStdin else { throw ValidationError("--password-stdin is required: passwords are never given as arguments") }
    }

    func run() throws {
        try CLIIO.requireIDs(["--state": state, "--person": person])
        let password = try readNewPassword(username: username)
        let database = try store.open()
        let user = try storeCall { () throws(StoreError) in
            try database.addUser(
                username: username, passwordHash: Passwords.hash(password), role: role, state: state, person: person, language: language,
                actor: actor)
        }
        CLIIO.print("added \(user.role.rawValue) \(user.username)\(user.state.map { " in \($0)" } ?? "")\(user.person.map { " (\($0))" } ?? "")")
    }
}

// The core's and the store's enums as arguments (neither depends on the argument parser): `--role`, `--language`,
// `--digest-day` take their raw values, and anything else is refused by the parser naming the option and the choices.
extension Role: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension Weekday: ExpressibleByArgument {}

/// The first line of standard input as a new password, checked by `PasswordPolicy`; exit 2 naming the field otherwise.
func readNewPassword(username: String) throws -> String {
    guard let line = readLine(strippingNewline: true) else {
        throw BadInput("password: nothing on standard input")
    }
    if let problem = PasswordPolicy.problem(line, username: username) {
        throw BadInput(problem)
    }
    return line
}

struct UserDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an account: its sessions end and its feed addresses stop working at once.")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "The account.") var username: String
    @Option(help: "Who is disabling (for the audit log).") var actor: String = "cli"

    func run() throws {
        let database = try store.open()
        try storeCall { () throws(StoreError) in try database.setDisabled(username: username, disabled: true, actor: actor) }
        CLIIO.print("disabled \(username)")
    }
}

struct UserEnableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable", abstract: "Enable a disabled account again (its old feed addresses stay revoked).")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "The account.") var username: String
    @Option(help: "Who is enabling (for the audit log).") var actor: String = "cli"

    func run() throws {
        let database = try store.open()
        try storeCall { () throws(StoreError) in try database.setDisabled(username: username, disabled: false, actor: actor) }
        CLIIO.print("enabled \(username)")
    }
}

struct UserPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password", abstract: "Set an account's password, read from standard input; the account's sessions end.")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "The account.") var username: String
    @Flag(help: "Read the password from standard input (first line).") var passwordStdin = false
    @Option(help: "Who is setting it (for the audit log).") var actor: String = "cli"

    func validate() throws {
        guard passwordStdin else { throw ValidationError("--password-stdin is required: passwords are never given as arguments") }
    }

    func run() throws {
        let password = try readNewPassword(username: username)
        let database = try store.open()
        try storeCall { () throws(StoreError) in
            try database.setPassword(username: username, passwordHash: Passwords.hash(password), actor: actor)
        }
        CLIIO.print("password of \(username) set; their sessions have ended")
    }
}

struct UserListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the accounts: username, role, state, language, disabled, last sign-in (never a password hash).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @OptionGroup var store: DatabaseOptions
    @Option(help: "table or json.") var format: Format = .table

    func run() throws {
        let database = try store.open()
        let users = try storeCall { () throws(StoreError) in try database.userSummaries() }
        CLIIO.print(Self.render(users, format: format), terminator: "")
    }

    static func render(_ users: [UserSummary], format: Format) -> String { UserList.render(users, json: format == .json) }
}

struct FeedTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed-token", abstract: "Create or revoke calendar feed addresses.",
        subcommands: [FeedTokenCreateCommand.self, FeedTokenRevokeCommand.self])
}

struct FeedTokenCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a feed address for a user and print it (it is shown only once).")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "The user the feed belongs to.") var username: String
    @Option(
        help: """
            [busy-]KIND:ID, where KIND is officer (or interviewer), psychologist, centre, room, court, state, prosecutor, deadlines or \
            tasks; the busy- prefix gives the busy-only variant (times only) of the first six.
            """)
    var feed: String
    @Option(help: "The server's public address.") var baseURL: String = "http://127.0.0.1:8080"
    @Option(help: "Who is creating (for the audit log).") var actor: String = "cli"

    func run() throws {
        guard let scope = FeedScope(feed) else {
            throw BadInput(
                "--feed: [busy-]KIND:ID with KIND one of \(FeedScope.Kind.allCases.map(\.rawValue).joined(separator: ", ")) "
                    + "(busy- only for staff, place and state feeds), got \(feed)")
        }
        let database = try store.open()
        let token = Secrets.token()
        try storeCall { () throws(StoreError) in
            _ = try database.createFeedToken(tokenHash: Secrets.hash(token), username: username, scope: scope, actor: actor)
        }
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        CLIIO.print("\(base)/feeds/\(token).ics")
    }
}

struct FeedTokenRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a feed address; a running server refuses it from the next request.")

    @OptionGroup var store: DatabaseOptions
    @Option(help: "The feed's URL (or just its /feeds/<token>.ics path).") var url: String
    @Option(help: "Who is revoking (for the audit log).") var actor: String = "cli"

    func run() throws {
        let last = url.split(separator: "/").last.map(String.init) ?? ""
        let token = last.hasSuffix(".ics") ? String(last.dropLast(4)) : last
        guard Secrets.looksLikeToken(Substring(token)) else {
            throw BadInput("--url: not a Sedia feed address (…/feeds/<token>.ics)")
        }
        let database = try store.open()
        let info = try storeCall { () throws(StoreError) in try database.revokeFeedToken(hash: Secrets.hash(token), userID: nil, actor: actor) }
        CLIIO.print("revoked \(info.scope) of \(info.username)")
    }
}
