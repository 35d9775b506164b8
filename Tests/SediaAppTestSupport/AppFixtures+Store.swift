public import Foundation
import SediaCalendar
public import SediaCore
import SediaRules
public import SediaStore
public import SediaTestSupport

/// The fixture world as the store and server tests use it: in a database, and beside the repository's real rule book.
extension AppFixtures {
    /// A fresh in-memory database with the fixture imported.
    public static func database() throws -> AppDatabase {
        let db = try AppDatabase.inMemory(clock: { fixedNow })
        _ = try db.importInstance(instance, actor: "test")
        return db
    }

    /// The repository's root (where rules/ and calendars/ are).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The real rule book and working calendars from the repository's rules/ and calendars/, as `sedia serve` loads them.
    public static func rules() throws -> (book: RuleBook, calendars: WorkingCalendars) {
        let home = SediaHome(rules: repository.appendingPathComponent("rules").path, calendars: repository.appendingPathComponent("calendars").path)
        let book = try home.loadRuleBook()
        let calendars = try home.loadCalendars { text, file throws(RuleFileErrors) in
            do throws(ICSImportErrors) {
                let imported = try ICSImport.holidays(text, file: file)
                return (imported.holidays, imported.coverage)
            } catch {
                throw RuleFileErrors(error.errors.map { RuleFileError(file: $0.file, line: $0.line, message: $0.message) })
            }
        }
        return (book, calendars.calendars)
    }
}
