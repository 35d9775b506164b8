import ArgumentParser
import Foundation
import SediaCore

/// Output formats of `sedia deadlines`.
enum DeadlineFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `sedia deadlines`: every deadline of every case, its days left and status: the prosecutor's daily list.
struct DeadlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines",
        abstract: "List every deadline of every case with days left and status (done, on track, at risk, overdue, advisory).",
        discussion: """
            The case file is CSV with a header and the columns case,state,court,registeredOn,chargedOn; optional columns:
            reportedOn, interviewedOn, trialOn, disposedOn, offences and conditions (both ;-separated), trialEndOn,
            childTurns18On, represented (yes/no) and plea (claims-trial/guilty).
            Statuses: done, on track, at risk, overdue; advisory for a step the law allows later or makes optional (never
            overdue); no target, or timeline not published (Sabah, Sarawak, Labuan), where a disposal target has no date.
            Dates are computed with the working calendar of the court's state (rules/ and calendars/).
            Exit status: 0 success, 2 bad input (one line per problem naming the file, line and column).
            """)

    @Argument(help: "A planning instance (sedia-instance/1) instead of --case-file.")
    var instance: String?

    @Argument(help: "A plan for the instance (sedia-plan/1): its trial dates feed the readiness rules.")
    var plan: String?

    @Option(name: .customLong("case-file"), help: "CSV case list (case,state,court,registeredOn,chargedOn).")
    var caseFile: String?

    @Option(help: "The day to count days left from (YYYY-MM-DD; default: today in Malaysia).")
    var on: Day?

    @Option(help: "Output format: table, json or csv.")
    var format: DeadlineFormat = .table

    @OptionGroup var home: HomeOptions

    func run() throws {
        let context = try RulesContext.load(home)
        let today = on ?? todayInMalaysia()
        let cases: [CaseFacts]
        let input: String
        switch (caseFile, instance) {
        case (let file?, nil):
            cases = try readCaseFile(file, book: context.book)
            input = file
        case (nil, let instancePath?):
            let (inst, p) = try withInputErrors {
                var errors: [InputError] = []
                var i: Instance?
                var pl: Plan?
                do throws(InputErrors) { i = try CLIIO.loadInstance(instancePath) } catch { errors += error.errors }
                if let plan {
                    do throws(InputErrors) { pl = try CLIIO.loadPlan(plan) } catch { errors += error.errors }
                }
                guard errors.isEmpty, let i else { throw InputErrors(errors) }
                return (i, pl)
            }
            cases = context.book.caseFacts(instance: inst, plan: p)
            input = instancePath
        case (_?, _?):
            throw BadInput("give either --case-file cases.csv or INSTANCE.json [PLAN.json], not both")
        case (nil, nil):
            throw BadInput("give --case-file cases.csv or INSTANCE.json [PLAN.json]")
        }
        var all: [Deadline] = []
        var problems: [String] = []
        for c in cases {
            do {
                all += try context.book.deadlines(for: c, calendars: context.calendars).sorted(by: DeadlineReport.byDue)
            } catch {
                problems.append("\(input): \(error.description)")
            }
        }
        guard problems.isEmpty else {
            throw BadInput(problems)
        }
        CLIIO.print(DeadlineReport.render(all, on: today, format: format), terminator: "")
    }

    func readCaseFile(_ caseFile: String, book: RuleBook) throws -> [CaseFacts] {
        let bytes = try withInputErrors { try CLIIO.read(caseFile) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw BadInput("\(caseFile): cannot read the file as UTF-8 text")
        }
        do {
            return try CaseFile.parse(text, file: caseFile, book: book)
        } catch {
            throw BadInput(error.errors.map(\.description))
        }
    }
}

/// Renders deadlines as the table, JSON or CSV `sedia deadlines` prints.
enum DeadlineReport {
    static func byDue(_ a: Deadline, _ b: Deadline) -> Bool {
        switch (a.due, b.due) {
        case (let x?, let y?): x < y
        case (nil, _?): false
        case (_?, nil): true
        case (nil, nil): a.rule < b.rule
        }
    }

    static func render(_ deadlines: [Deadline], on: Day, format: DeadlineFormat) -> String {
        switch format {
        case .json: json(deadlines, on: on)
        case .csv: csv(deadlines, on: on)
        case .table: table(deadlines, on: on)
        }
    }

    /// One deadline per line in an array, built as a `JSONValue` and written by SediaCore's `JSONWriter`.
    static func json(_ deadlines: [Deadline], on: Day) -> String {
        let rows: [JSONValue] = deadlines.map { d in
            var fields: [(String, JSONValue)] = [
                ("case", .string(d.caseID.rawValue)), ("rule", .string(d.rule)), ("title", .string(d.title)),
                ("due", d.due.map { .string($0.description) } ?? .null), ("daysLeft", d.daysLeft(on: on).map { .int($0) } ?? .null),
                ("status", .string(d.status(on: on).rawValue)), ("source", .string(d.source)), ("confidence", .string(d.confidence.rawValue)),
                ("kind", .string(d.kind.rawValue)),
            ]
            if let v = d.variant { fields.append(("variant", .string(v))) }
            if let o = d.owner { fields.append(("owner", .string(o))) }
            if let u = d.unadjusted, u != d.due { fields.append(("unadjusted", .string(u.description))) }
            if let n = d.note { fields.append(("note", .string(n))) }
            return .object(fields)
        }
        let lines = rows.map { "  " + String(decoding: JSONWriter.render($0), as: UTF8.self) }
        return rows.isEmpty ? "[]\n" : "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }

    static func csv(_ deadlines: [Deadline], on: Day) -> String {
        var out = CSV.line(["case", "rule", "title", "due", "daysLeft", "status", "source", "confidence", "owner", "note"])
        for d in deadlines {
            let cells = [
                d.caseID.rawValue, d.rule, d.title, d.due?.description ?? "", d.daysLeft(on: on).map(String.init) ?? "", d.status(on: on).rawValue,
                d.source, d.confidence.rawValue, d.owner ?? "", d.note ?? "",
            ]
            out += CSV.line(cells)
        }
        return out
    }

    static func table(_ deadlines: [Deadline], on: Day) -> String {
        var rows: [[String]] = [["CASE", "RULE", "DUE", "LEFT", "STATUS", "TITLE"]]
        for d in deadlines {
            var title = d.title
            if let n = d.note { title += " [" + n + "]" }
            rows.append([
                d.caseID.rawValue, d.rule, d.due?.description ?? "-", d.daysLeft(on: on).map(String.init) ?? "-", d.status(on: on).rawValue, title,
            ])
        }
        var widths = [Int](repeating: 0, count: 5)
        for r in rows { for i in 0..<5 { widths[i] = max(widths[i], r[i].count) } }
        var out = ""
        for r in rows {
            var line = ""
            for i in 0..<5 { line += r[i] + String(repeating: " ", count: widths[i] - r[i].count + 2) }
            out += line + r[5] + "\n"
        }
        let counts = DeadlineStatus.allCases.map { s in (s, deadlines.filter { $0.status(on: on) == s }.count) }.filter { $0.1 > 0 }
        out += "\n\(deadlines.count) deadlines on \(on): " + counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + "\n"
        return out
    }
}
