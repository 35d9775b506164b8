import Foundation
public import SediaCore
public import SediaMail
public import SediaStore

/// The digest composed from the store's checklists and SediaMail's words: SediaMail reads no database, the CLI and
/// the server (`sedia serve`) pass it what the store holds.
extension Digest {
    /// The digest for `prosecutor` on `today` (Malaysian), in `language`; nil when they hold no case.
    public static func make(
        prosecutor: String, database: AppDatabase, book: RuleBook, calendars: WorkingCalendars, today: Day, language: Language
    ) throws -> DigestContent? {
        let records = try database.caseRecords(state: nil).filter { $0.prosecutor == prosecutor }
        guard !records.isEmpty else { return nil }
        let instance = try database.exportInstance()
        let plan = try database.bookings().plan
        var prosecutors: [Case.ID: String] = [:]
        for r in records { prosecutors[r.item.id] = prosecutor }
        let done = try database.checklistTicks().mapValues { Set($0.keys) }
        let lists = Checklist.evaluate(
            instance: instance, plan: plan, book: book, calendars: calendars, today: today, prosecutors: prosecutors,
            cases: Set(prosecutors.keys), done: done
        ).checklists
        return render(lists, today: today, text: MailText.forLanguage(language))
    }

    /// Queues this week's digest for every prosecutor with an address who wants mail, unless queued already.
    /// Returns how many were queued.
    @discardableResult
    public static func queueWeekly(database: AppDatabase, book: RuleBook, calendars: WorkingCalendars, today: Day) throws -> Int {
        var queued = 0
        for p in try database.prosecutors() {
            guard let contact = try database.contact(person: p.id), contact.email != nil, contact.delivery != .feed else { continue }
            // Checked before the checklists are computed: the worker asks every minute of the digest's day.
            if try database.hasMail(key: key(prosecutor: p.id, today: today), recipient: p.id) { continue }
            let language = try database.language(person: p.id)
            guard let content = try make(prosecutor: p.id, database: database, book: book, calendars: calendars, today: today, language: language)
            else { continue }
            let payload = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
            if try database.queueDigest(prosecutor: p.id, key: key(prosecutor: p.id, today: today), payload: payload) { queued += 1 }
        }
        return queued
    }
}
