public import ArgumentParser
import Foundation
import SediaCalendar
import SediaCore
import SediaStore
import SediaTexts

struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "Print the readiness checklist of a case (or of all cases, or of one prosecutor's cases) before trial.",
        discussion: """
            Items come from rules/readiness.yaml and the stage rules, dated from the plan's trial and interview dates; each \
            has an owner, a due date, a status (done, open, at risk, overdue, advisory, no target, timeline not published) and the rule and source it comes \
            from. An item is "at risk" inside its margin or when it falls due on or after the planned trial. \
            --format html prints cleanly on A4 for the case file. Case references only: nothing about the child.
            Exit status: 0 printed, 2 bad input.
            """
    )

    @Argument(help: "The planning instance (sedia-instance/1).") var instance: String
    @Argument(help: "The plan (sedia-plan/1).") var plan: String
    @Option(name: .customLong("case"), help: "A case id (repeat for several).") var cases: [String] = []
    @Flag(help: "Every case (with --prosecutor: every case of that prosecutor).") var all = false
    @Option(help: "Only this prosecutor's cases (needs --prosecutors).") var prosecutor: String?
    @Option(help: "CSV file `case,prosecutor` (see `sedia export feeds --help`).") var prosecutors: String?
    @Option(help: "CSV file `case,item`: items recorded as done (item = the rule id shown in the checklist).") var done: String?
    @Option(help: "Output format: md, html or json.") var format: ChecklistFormat = .md
    @Option(help: "Language of the md and html checklists: en or ms (json is the same in both).") var language: Language = .en
    @Option(help: "The day the status is computed for, YYYY-MM-DD (default: today in Malaysia).") var today: Day?
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @OptionGroup var home: HomeOptions

    func run() throws {
        try CLIIO.requireIDs(["--prosecutor": prosecutor])
        for caseID in cases { try CLIIO.requireIDs(["--case": caseID]) }
        if let out { try CLIIO.requireFolder(of: out, option: "--out") }
        let (inst, pl, mapping, ticks, day) = try withInputErrors {
            var errors: [InputError] = []
            if all == !cases.isEmpty {
                errors.append(InputError(file: "--case", path: "$", message: "give either --case ID (one or more) or --all"))
            }
            if prosecutor != nil && prosecutors == nil {
                errors.append(InputError(file: "--prosecutor", path: "$", message: "needs --prosecutors FILE.csv (the case-to-prosecutor mapping)"))
            }
            let day = today ?? todayInMalaysia()
            var i: Instance?
            var p: Plan?
            do throws(InputErrors) { i = try CLIIO.loadInstance(instance) } catch { errors += error.errors }
            do throws(InputErrors) { p = try CLIIO.loadPlan(plan) } catch { errors += error.errors }
            var mapping: [Case.ID: String] = [:]
            if let prosecutors, let i {
                do throws(InputErrors) { mapping = try ProsecutorMapping.parse(try CLIIO.read(prosecutors), file: prosecutors, instance: i) } catch {
                    errors += error.errors
                }
            }
            var ticks: [Case.ID: Set<String>] = [:]
            if let done, let i {
                do throws(InputErrors) { ticks = try DoneTicks.parse(try CLIIO.read(done), file: done, instance: i) } catch { errors += error.errors }
            }
            if let i {
                let known = Set(i.cases.map(\.id))
                for c in cases where !known.contains(Case.ID(c)) {
                    errors.append(InputError(file: "--case", path: "$", message: "unknown case \(c) (not in \(instance))"))
                }
            }
            if let prosecutor, prosecutors != nil, errors.isEmpty, !mapping.values.contains(prosecutor) {
                errors.append(InputError(file: prosecutors ?? "--prosecutors", path: "$", message: "no case has prosecutor \(prosecutor)"))
            }
            guard errors.isEmpty, let i, let p else { throw InputErrors(errors) }
            return (i, p, mapping, ticks, day)
        }
        let context = try RulesContext.load(home)
        var wanted: Set<Case.ID>? = cases.isEmpty ? nil : Set(cases.map { Case.ID($0) })
        if let prosecutor {
            let theirs = Set(mapping.filter { $0.value == prosecutor }.map(\.key))
            wanted = wanted.map { $0.intersection(theirs) } ?? theirs
        }
        let lists: [CaseChecklist]
        do {
            lists = try Checklist.make(
                instance: inst, plan: pl, book: context.book, calendars: context.calendars, today: day, prosecutors: mapping, cases: wanted,
                done: ticks)
        } catch {
            throw BadInput(error.errors.map(\.description))
        }
        let words: ChecklistWords
        do { words = try ChecklistWords.load(language) } catch {
            throw BadInput(error.description)
        }
        let bytes = ChecklistRenderer.render(lists, today: day, format: format, words: words)
        if let out {
            do {
                try CLIIO.writeAtomically(bytes, to: out)
            } catch {
                CLIIO.printErr(error.description)
                throw ExitCode(1)
            }
        } else {
            CLIIO.write(bytes)
        }
    }
}

extension ChecklistFormat: ExpressibleByArgument {}
