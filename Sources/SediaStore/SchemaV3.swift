import GRDB

// The migrations from v3 on (accounts and revisions, the mail outbox, people's names, idle sessions, address
// notices); earlier ones in Schema.swift, the case year's in SchemaCaseYear.swift.
extension Schema {
    /// Staff names, shown on the pages beside the ids (children's names live only in `case_file.child_name`).
    static func personName(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE person ADD COLUMN name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 200)")
    }

    static func revisionsAndAccounts(_ db: Database) throws {
        // A case's revision is the value of a counter that only grows (`data_version.revisions`, never reset, and kept
        // growing across a restore), taken when the case or one of its bookings last changed, with who changed it.
        // Change forms carry the revision they were shown; the store refuses a change against any other (compare-and-set
        // inside the write), so two people acting on the same page cannot overwrite each other unseen.
        // Accounts get a language for their pages and the time of their last sign-in (listed by `sedia user list`).
        try db.execute(
            sql: """
                ALTER TABLE data_version ADD COLUMN revisions INTEGER NOT NULL DEFAULT 0 CHECK (revisions >= 0);
                ALTER TABLE case_file ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);
                ALTER TABLE case_file ADD COLUMN revised_by TEXT;
                ALTER TABLE user ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('ms', 'en'));
                ALTER TABLE user ADD COLUMN last_sign_in TEXT;
                """)
    }

    static func mailOutbox(_ db: Database) throws {
        // People's addresses and delivery choice; the outbox of e-mailed invitations (iTIP over iMIP) and digests,
        // written in the booking's own transaction; the per-(task, recipient) SEQUENCE of what each person was sent.
        // An outbox row holds identifiers and the event's published fields only (JSON, no child data); the message
        // itself is composed from it at each attempt, so every attempt of a (UID, SEQUENCE, recipient) has the same
        // Message-ID. At most one queued row per (task, recipient): a newer change replaces it (coalescing).
        try db.execute(
            sql: """
                ALTER TABLE person ADD COLUMN email TEXT CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email GLOB '?*@?*.?*'
                    AND email NOT GLOB '*[ <>"(),;:]*'));
                ALTER TABLE person ADD COLUMN delivery TEXT CHECK (delivery IS NULL OR delivery IN ('feed', 'invitations', 'both'));
                CREATE TABLE mail_sequence (
                    task TEXT NOT NULL CHECK (length(task) BETWEEN 1 AND 300),
                    recipient TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    sequence INTEGER NOT NULL CHECK (sequence >= 0),
                    PRIMARY KEY (task, recipient)
                ) STRICT;
                \(outboxTable("outbox", kinds: "'invitation', 'digest'"))
                CREATE UNIQUE INDEX outbox_one_queued ON outbox(task, recipient) WHERE status = 'queued';
                CREATE INDEX outbox_status ON outbox(status, next_attempt_at);
                CREATE INDEX outbox_case ON outbox(case_id, status);
                """)
    }

    /// When a session was last used, for the idle expiry (issue 24). Sessions from before it count as long unused:
    /// everyone signs in again once.
    static func sessionIdle(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE session ADD COLUMN last_used_at REAL NOT NULL DEFAULT 0")
    }

    /// A third kind of mail (issue 24): the notice to a person's old address when their address changes; its payload
    /// carries that address. SQLite cannot change a CHECK in place, so the table is rebuilt with its rows.
    static func outboxNotice(_ db: Database) throws {
        try db.execute(
            sql: """
                \(outboxTable("outbox_new", kinds: "'invitation', 'digest', 'notice'"))
                INSERT INTO outbox_new SELECT * FROM outbox;
                DROP TABLE outbox;
                ALTER TABLE outbox_new RENAME TO outbox;
                CREATE UNIQUE INDEX outbox_one_queued ON outbox(task, recipient) WHERE status = 'queued';
                CREATE INDEX outbox_status ON outbox(status, next_attempt_at);
                CREATE INDEX outbox_case ON outbox(case_id, status);
                """)
    }

    /// The outbox table as v4 made it (`kinds`: the kinds of mail allowed), and as v8 rebuilt it with a third kind:
    /// one text for both, so the two migrations cannot drift apart in anything but the kinds.
    static func outboxTable(_ name: String, kinds: String) -> String {
        """
        CREATE TABLE \(name) (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN (\(kinds))),
            recipient TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            task TEXT NOT NULL CHECK (length(task) BETWEEN 1 AND 300),
            case_id TEXT,
            sequence INTEGER NOT NULL CHECK (sequence >= 0),
            method TEXT CHECK (method IS NULL OR method IN ('REQUEST', 'CANCEL')),
            payload TEXT NOT NULL CHECK (json_valid(payload)),
            message_id TEXT UNIQUE,
            status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at REAL NOT NULL,
            changed_at REAL NOT NULL,
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            CHECK ((kind = 'invitation') = (method IS NOT NULL)),
            CHECK ((status = 'sent') = (sent_at IS NOT NULL))
        ) STRICT;
        """
    }
}
