import GRDB

extension Schema {
    /// A case's year after its booking (issue #21, #22): the charge and registration, the dated outcomes of the interview
    /// and of every court date, and how the case ended (a disposal, or a closure before trial). A closed case takes no
    /// booking and no event: the triggers hold that whatever the caller does. `child_born_on` is the child's identity,
    /// kept like `case_file.child_name`: no export, feed, log or page reads it.
    static func caseYearHistory(_ db: Database) throws {
        let closedCheck = { (table: String) in
            """
            CREATE TRIGGER \(table)_closed_case BEFORE INSERT ON \(table)
            WHEN EXISTS (SELECT 1 FROM case_closure WHERE case_id = NEW.case_id)
            BEGIN SELECT RAISE(ABORT, 'the case is closed: nothing can be booked or recorded until an admin reopens it'); END;
            """
        }
        try db.execute(
            sql: """
                CREATE TABLE case_charge (
                    case_id TEXT PRIMARY KEY NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
                    court TEXT NOT NULL REFERENCES court(id),
                    court_case_no TEXT NOT NULL CHECK (length(court_case_no) BETWEEN 1 AND 64),
                    registered_on TEXT NOT NULL CHECK (registered_on \(dateCheck)),
                    charged_on TEXT NOT NULL CHECK (charged_on \(dateCheck)),
                    represented TEXT NOT NULL CHECK (represented IN ('yes', 'no', 'unknown')),
                    plea TEXT NOT NULL CHECK (plea IN ('claims-trial', 'guilty', 'unknown')),
                    child_born_on TEXT CHECK (child_born_on IS NULL OR child_born_on \(dateCheck)),
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL
                ) STRICT;
                CREATE INDEX case_charge_registered ON case_charge(registered_on);
                CREATE TABLE case_event (
                    id INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
                    step TEXT NOT NULL CHECK (step IN ('interview', 'mention', 'ptc', 'case-management', 'trial', 'decision')),
                    on_day TEXT NOT NULL CHECK (on_day \(dateCheck)),
                    outcome TEXT NOT NULL CHECK (outcome IN ('held', 'not-held', 'adjourned')),
                    reason TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 64),
                    reason_text TEXT CHECK (reason_text IS NULL OR length(reason_text) BETWEEN 1 AND 500),
                    next_on TEXT CHECK (next_on IS NULL OR next_on \(dateCheck)),
                    recording_usable INTEGER CHECK (recording_usable IS NULL OR recording_usable IN (0, 1)),
                    -- What the event did to the bookings (the interview booking that became history, the released trial days).
                    effect TEXT CHECK (effect IS NULL OR json_valid(effect)),
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    CHECK (outcome = 'held' OR (step = 'interview') = (outcome = 'not-held')),
                    CHECK ((outcome = 'held') = (reason IS NULL)),
                    CHECK (next_on IS NULL OR next_on > on_day)
                ) STRICT;
                CREATE INDEX case_event_case ON case_event(case_id, on_day);
                CREATE INDEX case_event_day ON case_event(on_day, outcome);
                CREATE TABLE case_closure (
                    case_id TEXT PRIMARY KEY NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('disposal', 'closed')),
                    on_day TEXT NOT NULL CHECK (on_day \(dateCheck)),
                    outcome TEXT NOT NULL CHECK (
                        (kind = 'disposal' AND outcome IN ('convicted', 'pleaded-guilty', 'acquitted', 'dnaa', 'daa', 'withdrawn', 'transferred', 'other'))
                        OR (kind = 'closed' AND outcome IN ('no-further-action', 'withdrawn', 'transferred'))),
                    note TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 500),
                    transferred_to TEXT REFERENCES state(code),
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    CHECK ((kind = 'closed' AND outcome = 'transferred') = (transferred_to IS NOT NULL))
                ) STRICT;
                CREATE INDEX case_closure_day ON case_closure(on_day);
                -- The report day, kept when the interview request is cleared by a held interview (report → interview).
                ALTER TABLE case_file ADD COLUMN reported_on TEXT CHECK (reported_on IS NULL OR reported_on \(dateCheck));
                \(closedCheck("interview_booking"))
                \(closedCheck("hearing_booking"))
                \(closedCheck("case_event"))
                """)
    }

    /// A supplementary interview requested after the interview was held (issue #21): the request, its reason and target,
    /// and the first interview's day, which becomes the case's `interview_done_on` again once the new one is held (the
    /// row `case_file` cannot hold a held interview beside one to book).
    static func supplementaryInterview(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE case_interview_supplement (
                    id INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
                    requested_on TEXT NOT NULL CHECK (requested_on \(dateCheck)),
                    target_by TEXT NOT NULL CHECK (target_by \(dateCheck) AND target_by >= requested_on),
                    first_held_on TEXT NOT NULL CHECK (first_held_on \(dateCheck)),
                    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL
                ) STRICT;
                CREATE INDEX case_interview_supplement_case ON case_interview_supplement(case_id, id);
                CREATE TRIGGER case_interview_supplement_closed_case BEFORE INSERT ON case_interview_supplement
                WHEN EXISTS (SELECT 1 FROM case_closure WHERE case_id = NEW.case_id)
                BEGIN SELECT RAISE(ABORT, 'the case is closed: nothing can be booked or recorded until an admin reopens it'); END;
                """)
    }
}
