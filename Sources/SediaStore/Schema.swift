import GRDB

// The schema is the last line of defence: whatever a caller forgets, SQLite refuses.
// Dates are TEXT `YYYY-MM-DD` (checked by shape), minutes are INTEGER after midnight,
// lists of plain values (languages, features, leave ranges) are JSON arrays checked with json_valid.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-reference-data", migrate: referenceData)
        migrator.registerMigration("v1-cases", migrate: cases)
        migrator.registerMigration("v1-bookings", migrate: bookings)
        migrator.registerMigration("v1-users-feeds-audit", migrate: usersFeedsAudit)
        migrator.registerMigration("v1-checklist", migrate: checklist)
        migrator.registerMigration("v2-checklist-ticks", migrate: checklistTicks)
        migrator.registerMigration("v2-case-prosecutor", migrate: caseProsecutor)
        migrator.registerMigration("v2-feed-state", migrate: feedState)
        migrator.registerMigration("v3-revisions-accounts", migrate: revisionsAndAccounts)
        migrator.registerMigration("v4-mail-outbox", migrate: mailOutbox)
        migrator.registerMigration("v5-person-name", migrate: personName)
        migrator.registerMigration("v6-case-year-history", migrate: caseYearHistory)
        migrator.registerMigration("v7-session-idle", migrate: sessionIdle)
        migrator.registerMigration("v8-outbox-notice", migrate: outboxNotice)
        migrator.registerMigration("v9-supplementary-interview", migrate: supplementaryInterview)
        migrator.registerMigration("v10-disruptions", migrate: disruptions)
        migrator.registerMigration("v11-case-transfer", migrate: caseTransfer)
        migrator.registerMigration("v12-data-change-log", migrate: dataChangeLog)
        return migrator
    }

    static let dateCheck = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"

    static func referenceData(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) STRICT;
                CREATE TABLE state (
                    code TEXT PRIMARY KEY NOT NULL CHECK (length(code) BETWEEN 1 AND 16),
                    name TEXT NOT NULL,
                    weekend TEXT NOT NULL CHECK (json_valid(weekend) AND json_type(weekend) = 'array')
                ) STRICT;
                CREATE TABLE holiday (
                    id INTEGER PRIMARY KEY,
                    date TEXT NOT NULL CHECK (date \(dateCheck)),
                    states TEXT NOT NULL CHECK (json_valid(states) AND json_type(states) = 'array'),
                    name TEXT
                ) STRICT;
                CREATE TABLE centre (
                    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
                    name TEXT,
                    state TEXT NOT NULL REFERENCES state(code),
                    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
                    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
                    open INTEGER NOT NULL CHECK (open BETWEEN 0 AND 1440),
                    close INTEGER NOT NULL CHECK (close BETWEEN 0 AND 1440),
                    breaks TEXT NOT NULL CHECK (json_valid(breaks) AND json_type(breaks) = 'array'),
                    position INTEGER NOT NULL,
                    CHECK (open < close)
                ) STRICT;
                CREATE INDEX centre_state ON centre(state);
                CREATE TABLE room (
                    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
                    centre TEXT NOT NULL REFERENCES centre(id),
                    features TEXT NOT NULL CHECK (json_valid(features) AND json_type(features) = 'array'),
                    position INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX room_centre ON room(centre);
                CREATE TABLE court (
                    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
                    name TEXT,
                    state TEXT NOT NULL REFERENCES state(code),
                    video_link INTEGER NOT NULL CHECK (video_link IN (0, 1)),
                    sitting_days TEXT NOT NULL CHECK (json_valid(sitting_days) AND json_type(sitting_days) = 'array'),
                    hearings_per_day INTEGER NOT NULL CHECK (hearings_per_day BETWEEN 1 AND 100),
                    closed TEXT NOT NULL CHECK (json_valid(closed) AND json_type(closed) = 'array'),
                    position INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX court_state ON court(state);
                -- Interviewers, psychologists, prosecutors and coordinators: one table, a kind column.
                CREATE TABLE person (
                    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
                    kind TEXT NOT NULL CHECK (kind IN ('interviewer', 'psychologist', 'prosecutor', 'coordinator')),
                    gender TEXT,
                    languages TEXT NOT NULL CHECK (json_valid(languages) AND json_type(languages) = 'array'),
                    trained_until TEXT CHECK (trained_until IS NULL OR trained_until \(dateCheck)),
                    max_per_day INTEGER NOT NULL CHECK (max_per_day BETWEEN 0 AND 24),
                    unavailable TEXT NOT NULL CHECK (json_valid(unavailable) AND json_type(unavailable) = 'array'),
                    position INTEGER NOT NULL,
                    CHECK (kind != 'interviewer' OR gender IS NOT NULL)
                ) STRICT;
                CREATE TABLE person_centre (
                    person TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    centre TEXT NOT NULL REFERENCES centre(id),
                    position INTEGER NOT NULL,
                    PRIMARY KEY (person, centre)
                ) STRICT;
                CREATE INDEX person_centre_centre ON person_centre(centre);
                CREATE TABLE person_court (
                    person TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    court TEXT NOT NULL REFERENCES court(id),
                    position INTEGER NOT NULL,
                    PRIMARY KEY (person, court)
                ) STRICT;
                """)
    }

    static func cases(_ db: Database) throws {
        // `child_name` is the one column that may hold a child's name; no export, feed, log or page reads it.
        try db.execute(
            sql: """
                CREATE TABLE case_file (
                    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
                    state TEXT NOT NULL REFERENCES state(code),
                    child_ref TEXT NOT NULL CHECK (length(child_ref) BETWEEN 1 AND 64),
                    child_name TEXT,
                    child_age INTEGER NOT NULL CHECK (child_age BETWEEN 0 AND 17),
                    child_gender TEXT CHECK (child_gender IS NULL OR child_gender IN ('F', 'M')),
                    child_languages TEXT NOT NULL CHECK (json_valid(child_languages) AND json_type(child_languages) = 'array'),
                    child_lat REAL NOT NULL CHECK (child_lat BETWEEN -90 AND 90),
                    child_lon REAL NOT NULL CHECK (child_lon BETWEEN -180 AND 180),
                    interviewer_gender TEXT CHECK (interviewer_gender IS NULL OR interviewer_gender IN ('F', 'M')),
                    needs_psychologist INTEGER NOT NULL CHECK (needs_psychologist IN (0, 1)),
                    needs_accessible_room INTEGER NOT NULL CHECK (needs_accessible_room IN (0, 1)),
                    interview_minutes INTEGER CHECK (interview_minutes IS NULL OR interview_minutes BETWEEN 15 AND 480),
                    interview_earliest TEXT CHECK (interview_earliest IS NULL OR interview_earliest \(dateCheck)),
                    interview_target_by TEXT CHECK (interview_target_by IS NULL OR interview_target_by \(dateCheck)),
                    interview_done_on TEXT CHECK (interview_done_on IS NULL OR interview_done_on \(dateCheck)),
                    hearing_court TEXT REFERENCES court(id),
                    hearing_registered_on TEXT CHECK (hearing_registered_on IS NULL OR hearing_registered_on \(dateCheck)),
                    hearing_deadline TEXT CHECK (hearing_deadline IS NULL OR hearing_deadline \(dateCheck)),
                    hearing_days INTEGER CHECK (hearing_days IS NULL OR hearing_days BETWEEN 1 AND 60),
                    hearing_earliest TEXT CHECK (hearing_earliest IS NULL OR hearing_earliest \(dateCheck)),
                    hearing_needs_video_link INTEGER CHECK (hearing_needs_video_link IS NULL OR hearing_needs_video_link IN (0, 1)),
                    hearing_needs_psychologist INTEGER CHECK (hearing_needs_psychologist IS NULL OR hearing_needs_psychologist IN (0, 1)),
                    position INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    -- An interview request is all three fields or none, and never beside a held interview.
                    CHECK ((interview_minutes IS NULL) = (interview_earliest IS NULL)
                        AND (interview_minutes IS NULL) = (interview_target_by IS NULL)),
                    CHECK (interview_minutes IS NULL OR interview_done_on IS NULL),
                    CHECK (interview_earliest IS NULL OR interview_earliest <= interview_target_by),
                    CHECK ((hearing_court IS NULL) = (hearing_deadline IS NULL)
                        AND (hearing_court IS NULL) = (hearing_days IS NULL)
                        AND (hearing_court IS NULL) = (hearing_earliest IS NULL)
                        AND (hearing_court IS NULL) = (hearing_needs_video_link IS NULL)
                        AND (hearing_court IS NULL) = (hearing_needs_psychologist IS NULL)),
                    CHECK (hearing_earliest IS NULL OR hearing_earliest <= hearing_deadline)
                ) STRICT;
                CREATE INDEX case_file_state ON case_file(state);
                CREATE INDEX case_file_court ON case_file(hearing_court);
                """)
    }

    static func bookings(_ db: Database) throws {
        // Double booking is made impossible by `slot`: every interview claims the grid cells it covers for its room,
        // interviewer and psychologist, and a UNIQUE index admits one claim per resource and cell. Two coordinators who
        // press "book" together both reach SQLite's single writer; the second insert fails, whatever the application did.
        // A hearing claims a numbered seat per court and day (seat < hearings_per_day, by trigger) and, for its
        // psychologist, the whole day (cell -1), which also bars interviews that day through `psychologist_day`.
        try db.execute(
            sql: """
                CREATE TABLE interview_booking (
                    id INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL UNIQUE REFERENCES case_file(id) ON DELETE CASCADE,
                    room TEXT NOT NULL REFERENCES room(id),
                    interviewer TEXT NOT NULL REFERENCES person(id),
                    psychologist TEXT REFERENCES person(id),
                    day TEXT NOT NULL CHECK (day \(dateCheck)),
                    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
                    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 480),
                    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
                    booked_by TEXT NOT NULL,
                    booked_at TEXT NOT NULL,
                    CHECK (start_minute + minutes <= 1440)
                ) STRICT;
                CREATE INDEX interview_booking_day ON interview_booking(day);
                CREATE INDEX interview_booking_interviewer ON interview_booking(interviewer, day);
                CREATE INDEX interview_booking_room ON interview_booking(room, day);
                CREATE TABLE hearing_booking (
                    id INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL UNIQUE REFERENCES case_file(id) ON DELETE CASCADE,
                    court TEXT NOT NULL REFERENCES court(id),
                    psychologist TEXT REFERENCES person(id),
                    first_day TEXT NOT NULL CHECK (first_day \(dateCheck)),
                    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
                    booked_by TEXT NOT NULL,
                    booked_at TEXT NOT NULL
                ) STRICT;
                CREATE TABLE hearing_day (
                    booking INTEGER NOT NULL REFERENCES hearing_booking(id) ON DELETE CASCADE,
                    court TEXT NOT NULL REFERENCES court(id),
                    day TEXT NOT NULL CHECK (day \(dateCheck)),
                    seat INTEGER NOT NULL CHECK (seat >= 0),
                    PRIMARY KEY (booking, day)
                ) STRICT;
                CREATE UNIQUE INDEX hearing_day_seat ON hearing_day(court, day, seat);
                CREATE TRIGGER hearing_day_capacity BEFORE INSERT ON hearing_day
                WHEN NEW.seat >= (SELECT hearings_per_day FROM court WHERE id = NEW.court)
                BEGIN SELECT RAISE(ABORT, 'court is full on that day'); END;
                CREATE TABLE slot (
                    interview INTEGER REFERENCES interview_booking(id) ON DELETE CASCADE,
                    hearing INTEGER REFERENCES hearing_booking(id) ON DELETE CASCADE,
                    resource TEXT NOT NULL,
                    day TEXT NOT NULL CHECK (day \(dateCheck)),
                    cell INTEGER NOT NULL CHECK (cell >= -1),
                    CHECK ((interview IS NULL) != (hearing IS NULL))
                ) STRICT;
                CREATE UNIQUE INDEX slot_claim ON slot(resource, day, cell);
                CREATE INDEX slot_interview ON slot(interview);
                CREATE INDEX slot_hearing ON slot(hearing);
                -- A psychologist in court that day (cell -1) takes no interview, and the reverse.
                CREATE TRIGGER slot_whole_day BEFORE INSERT ON slot
                WHEN EXISTS (SELECT 1 FROM slot s WHERE s.resource = NEW.resource AND s.day = NEW.day
                             AND ((NEW.cell = -1 AND s.cell >= 0) OR (NEW.cell >= 0 AND s.cell = -1)))
                BEGIN SELECT RAISE(ABORT, 'psychologist is in court that day'); END;
                """)
    }

    static func usersFeedsAudit(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE user (
                    id INTEGER PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
                    password_hash TEXT NOT NULL CHECK (length(password_hash) >= 20),
                    role TEXT NOT NULL CHECK (role IN ('coordinator', 'prosecutor', 'staff', 'admin')),
                    state TEXT REFERENCES state(code),
                    person TEXT REFERENCES person(id),
                    created_at TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                    -- Staff see only their own bookings, so a staff account must say whose they are.
                    CHECK (role != 'staff' OR person IS NOT NULL)
                ) STRICT;
                CREATE TABLE session (
                    token_hash BLOB PRIMARY KEY NOT NULL CHECK (length(token_hash) = 32),
                    user INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    csrf TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                ) STRICT;
                CREATE INDEX session_user ON session(user);
                CREATE TABLE feed_token (
                    id INTEGER PRIMARY KEY,
                    token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
                    user INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('officer', 'psychologist', 'centre', 'room', 'court', 'state')),
                    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 64),
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                ) STRICT;
                CREATE INDEX feed_token_user ON feed_token(user);
                -- Append-only: the triggers refuse every change to a written line.
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    before TEXT CHECK (before IS NULL OR json_valid(before)),
                    after TEXT CHECK (after IS NULL OR json_valid(after)),
                    reason TEXT
                ) STRICT;
                CREATE INDEX audit_subject ON audit(subject);
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                -- A counter bumped by every write that can change a feed, so rendered feeds are cached until it moves.
                CREATE TABLE data_version (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    version INTEGER NOT NULL,
                    changed_at REAL NOT NULL
                ) STRICT;
                INSERT INTO data_version (id, version, changed_at) VALUES (1, 0, 0);
                """)
    }

    static func checklist(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE checklist_item (
                    case_id TEXT NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
                    item TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 64),
                    label TEXT NOT NULL,
                    due TEXT CHECK (due IS NULL OR due \(dateCheck)),
                    position INTEGER NOT NULL,
                    done_by TEXT,
                    done_at TEXT,
                    CHECK ((done_by IS NULL) = (done_at IS NULL)),
                    PRIMARY KEY (case_id, item)
                ) STRICT;
                """)
    }

    /// Checklists come from the rule book now (rules/readiness.yaml and stages), computed on the fly; the database keeps
    /// only the ticks, by case and rule id, so editing a rule file never loses one. A tick whose rule id has left the book
    /// stays here, unshown. The old hard-coded items' ticks are carried over under the rule ids that replaced them;
    /// their labels and due dates were derived data and are dropped with the old table.
    static func checklistTicks(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE checklist_tick (
                    case_id TEXT NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
                    rule TEXT NOT NULL CHECK (length(rule) BETWEEN 1 AND 64),
                    done_by TEXT NOT NULL,
                    done_at TEXT NOT NULL,
                    PRIMARY KEY (case_id, rule)
                ) STRICT;
                INSERT INTO checklist_tick (case_id, rule, done_by, done_at)
                SELECT case_id,
                    CASE item
                        WHEN 'recording-certificate' THEN 'cic-recording-certificate'
                        WHEN 'transcript' THEN 'transcript-translation'
                        WHEN 'live-link' THEN 'live-link-order'
                        WHEN 'special-hearing' THEN 'special-hearing-order'
                        WHEN 'medical-report' THEN 'medical-chemist-reports'
                        WHEN 's51a' THEN 's51a-documents'
                        WHEN 'pre-trial-conference' THEN 'ptc-held'
                        WHEN 'case-management' THEN 'case-management-held'
                        ELSE item
                    END,
                    done_by, done_at
                FROM checklist_item WHERE done_by IS NOT NULL;
                DROP TABLE checklist_item;
                """)
    }

    static func caseProsecutor(_ db: Database) throws {
        // A prosecutor is a person of kind 'prosecutor' with the state they work in; the case's prosecutor gets the
        // case's events (with its reference) in their own feeds. The triggers hold the kind whatever the caller does.
        try db.execute(
            sql: """
                ALTER TABLE person ADD COLUMN state TEXT REFERENCES state(code);
                ALTER TABLE case_file ADD COLUMN prosecutor TEXT REFERENCES person(id);
                CREATE INDEX case_file_prosecutor ON case_file(prosecutor);
                CREATE TRIGGER case_file_prosecutor_insert BEFORE INSERT ON case_file
                WHEN NEW.prosecutor IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person WHERE id = NEW.prosecutor AND kind = 'prosecutor')
                BEGIN SELECT RAISE(ABORT, 'case_file.prosecutor must name a person of kind prosecutor'); END;
                CREATE TRIGGER case_file_prosecutor_update BEFORE UPDATE OF prosecutor ON case_file
                WHEN NEW.prosecutor IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person WHERE id = NEW.prosecutor AND kind = 'prosecutor')
                BEGIN SELECT RAISE(ABORT, 'case_file.prosecutor must name a person of kind prosecutor'); END;
                """)
    }

    static func feedState(_ db: Database) throws {
        // The served feeds' memory (SediaCalendar's FeedState): the installation's UID secret, made once, and one row per
        // task with its UID, SEQUENCE, LAST-MODIFIED, cancellation and last published event (JSON, identifiers only).
        // feed_token is rebuilt (SQLite cannot widen a CHECK) for the prosecutor, deadlines, tasks and busy-only feeds.
        try db.execute(
            sql: """
                CREATE TABLE feed_secret (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    secret BLOB NOT NULL CHECK (length(secret) = 32),
                    created_at TEXT NOT NULL
                ) STRICT;
                CREATE TABLE feed_entry (
                    task TEXT PRIMARY KEY NOT NULL CHECK (length(task) BETWEEN 1 AND 300),
                    uid TEXT NOT NULL UNIQUE,
                    sequence INTEGER NOT NULL CHECK (sequence >= 0),
                    last_modified INTEGER NOT NULL,
                    cancelled_at INTEGER,
                    event TEXT NOT NULL CHECK (json_valid(event))
                ) STRICT;
                CREATE TABLE feed_token_v2 (
                    id INTEGER PRIMARY KEY,
                    token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
                    user INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('officer', 'psychologist', 'centre', 'room', 'court', 'state',
                        'prosecutor', 'deadlines', 'tasks')),
                    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 64),
                    busy INTEGER NOT NULL DEFAULT 0 CHECK (busy IN (0, 1)),
                    created_at TEXT NOT NULL,
                    revoked_at TEXT,
                    CHECK (busy = 0 OR kind NOT IN ('prosecutor', 'deadlines', 'tasks'))
                ) STRICT;
                INSERT INTO feed_token_v2 (id, token_hash, user, kind, subject, busy, created_at, revoked_at)
                    SELECT id, token_hash, user, kind, subject, 0, created_at, revoked_at FROM feed_token;
                DROP TABLE feed_token;
                ALTER TABLE feed_token_v2 RENAME TO feed_token;
                CREATE INDEX feed_token_user ON feed_token(user);
                """)
    }
}
