/**
 * Versioned schema: migration i brings a workspace from user_version i to i + 1. Append only.
 * They run with foreign keys off (a rebuilt table is dropped without cascading into its children)
 * and are checked with foreign_key_check before they commit.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    source_file TEXT NOT NULL,
    format TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    event_count INTEGER NOT NULL,
    contact_count INTEGER NOT NULL,
    first_event_ms INTEGER,
    last_event_ms INTEGER,
    event_ids_end INTEGER NOT NULL DEFAULT 0  -- one past the last event id this dataset's import used
  );
  CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    file TEXT NOT NULL,
    options_json TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    summary_json TEXT NOT NULL
  );
  CREATE TABLE event_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, canonical INTEGER NOT NULL);
  CREATE TABLE raw_event_types (id INTEGER PRIMARY KEY, raw TEXT NOT NULL UNIQUE);
  -- The dataset-local type numbering used by its columnar copy.
  CREATE TABLE dataset_types (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type_id INTEGER NOT NULL REFERENCES event_types(id),
    PRIMARY KEY (dataset_id, idx)
  ) WITHOUT ROWID;
  CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,                 -- contact order: order of first events
    key TEXT NOT NULL,                    -- HMAC-SHA256 of the contact id: never the id itself
    email_key TEXT,
    phone_key TEXT,
    country TEXT,
    company_size TEXT,
    account_id TEXT,
    lifecycle_stage TEXT,
    source_system TEXT,
    merged_count INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL,
    UNIQUE (dataset_id, idx),
    UNIQUE (dataset_id, key)
  );
  CREATE TABLE contact_merges (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    merged_key TEXT NOT NULL,
    via TEXT NOT NULL
  );
  -- Events are clustered by contact (the per-contact lookup is the table itself); the columnar copy
  -- below is the time-ordered replay index. A dataset's events are deleted through its contacts.
  CREATE TABLE events (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    time_ms INTEGER NOT NULL,
    id INTEGER NOT NULL,                  -- import order across the workspace
    dataset_id INTEGER NOT NULL,
    type_id INTEGER NOT NULL REFERENCES event_types(id),
    raw_type_id INTEGER NOT NULL REFERENCES raw_event_types(id),
    line INTEGER NOT NULL,                -- source line, to trace a figure back to the export
    PRIMARY KEY (contact_id, time_ms, id)
  ) WITHOUT ROWID;
  -- Each dataset's events as typed-array columns in replay order (time, then import order), chunked.
  CREATE TABLE event_columns (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    chunk INTEGER NOT NULL,
    count INTEGER NOT NULL,
    time BLOB NOT NULL,
    contact BLOB NOT NULL,
    type BLOB NOT NULL,
    PRIMARY KEY (dataset_id, chunk)
  ) WITHOUT ROWID;
  CREATE TABLE rejected_rows (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    column_name TEXT,
    reason TEXT NOT NULL
  );
  CREATE INDEX rejected_rows_by_import ON rejected_rows (import_id);
  CREATE TABLE scenarios (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, json TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    scenario_name TEXT NOT NULL,
    scenario_json TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seconds REAL NOT NULL,
    result_json TEXT NOT NULL
  );
  CREATE TABLE run_series (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,                 -- the strategy's position in the scenario
    strategy_id TEXT NOT NULL,
    ops_per_minute BLOB NOT NULL,
    jobs_per_hour BLOB NOT NULL,
    cost_per_hour BLOB NOT NULL,
    staleness_json TEXT NOT NULL,
    PRIMARY KEY (run_id, idx)
  ) WITHOUT ROWID;
  `,
  // v2, for a cheaper import (measured on a million events):
  // - contacts without UNIQUE (dataset_id, key). Nothing looks contacts up by key, and the import
  //   stores one contact per key by construction (contacts that share a keyed email merge); the
  //   index's inserts, at random places since keys are digests, were most of the cost of storing
  //   contacts (61k contacts: ~250 of ~340 ms).
  // - events without dataset_id and the workspace-wide id: the dataset is the contact's, and within
  //   a dataset the source line is import order, so it breaks ties in time as the id did. Two values
  //   fewer to bind per event and 6 bytes fewer to store: 12% off storing events.
  `
  CREATE TABLE contacts_v2 (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,                 -- contact order: order of first events
    key TEXT NOT NULL,                    -- HMAC-SHA256 of the contact id: never the id itself
    email_key TEXT,
    phone_key TEXT,
    country TEXT,
    company_size TEXT,
    account_id TEXT,
    lifecycle_stage TEXT,
    source_system TEXT,
    merged_count INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL,
    UNIQUE (dataset_id, idx)
  );
  INSERT INTO contacts_v2 SELECT * FROM contacts;
  DROP TABLE contacts;
  ALTER TABLE contacts_v2 RENAME TO contacts;
  -- Clustered by contact (the per-contact lookup is the table itself); event_columns is the
  -- time-ordered replay index. A dataset's events are deleted through its contacts.
  CREATE TABLE events_v2 (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    time_ms INTEGER NOT NULL,
    line INTEGER NOT NULL,                -- source line: import order, and where to find the row in the export
    type_id INTEGER NOT NULL REFERENCES event_types(id),
    raw_type_id INTEGER NOT NULL REFERENCES raw_event_types(id),
    PRIMARY KEY (contact_id, time_ms, line)
  ) WITHOUT ROWID;
  INSERT INTO events_v2 SELECT contact_id, time_ms, line, type_id, raw_type_id FROM events;
  DROP TABLE events;
  ALTER TABLE events_v2 RENAME TO events;
  ALTER TABLE datasets DROP COLUMN event_ids_end;
  `,
  // v3, for a cheaper import (measured on a million events: storing them ~2.5× cheaper, the import
  // ~10% faster):
  // - events in a rowid table, in import order: each insert appends, where the clustering by contact
  //   put every chunk's rows all over the B-tree. A dataset's events are one range of ids, which its
  //   deletion takes (no cascade from contacts: without an index on contact_id, each deleted contact
  //   would scan the table).
  // - per-contact lookups through contact_events instead: a dataset's event ids, contact after contact.
  //   Datasets migrated here have none; their lookups scan their id range.
  // - contacts without UNIQUE (dataset_id, idx): the import stores one contact per idx by construction,
  //   and the index was a third of the cost of storing contacts (61k: ~40 of ~140 ms). What reads a
  //   dataset's contacts in idx order reads them all, and sorts.
  `
  CREATE TABLE contacts_v3 (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,                 -- contact order: order of first events
    key TEXT NOT NULL,                    -- HMAC-SHA256 of the contact id: never the id itself
    email_key TEXT,
    phone_key TEXT,
    country TEXT,
    company_size TEXT,
    account_id TEXT,
    lifecycle_stage TEXT,
    source_system TEXT,
    merged_count INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL
  );
  INSERT INTO contacts_v3 SELECT * FROM contacts;
  DROP TABLE contacts;
  ALTER TABLE contacts_v3 RENAME TO contacts;
  CREATE TABLE events_v3 (
    id INTEGER PRIMARY KEY,               -- import order; a dataset's events are ids [events_from, events_to)
    contact_id INTEGER NOT NULL,          -- a contact of the dataset whose range holds the id
    time_ms INTEGER NOT NULL,
    line INTEGER NOT NULL,                -- source line, where to find the row in the export
    type_id INTEGER NOT NULL REFERENCES event_types(id),
    raw_type_id INTEGER NOT NULL REFERENCES raw_event_types(id)
  );
  INSERT INTO events_v3 (contact_id, time_ms, line, type_id, raw_type_id)
    SELECT e.contact_id, e.time_ms, e.line, e.type_id, e.raw_type_id FROM events e JOIN contacts c ON c.id = e.contact_id ORDER BY c.dataset_id, e.line;
  ALTER TABLE datasets ADD COLUMN events_from INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE datasets ADD COLUMN events_to INTEGER NOT NULL DEFAULT 0;
  CREATE TEMP TABLE event_ranges AS
    SELECT c.dataset_id AS dataset_id, min(e.id) AS first, max(e.id) + 1 AS past FROM events_v3 e CROSS JOIN contacts c ON c.id = e.contact_id GROUP BY c.dataset_id;
  UPDATE datasets SET (events_from, events_to) = (SELECT first, past FROM event_ranges r WHERE r.dataset_id = datasets.id)
    WHERE id IN (SELECT dataset_id FROM event_ranges);
  DROP TABLE event_ranges;
  DROP TABLE events;
  ALTER TABLE events_v3 RENAME TO events;
  -- A dataset's events contact by contact (contacts in idx order, each one's events in replay order).
  CREATE TABLE contact_events (
    dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
    starts BLOB NOT NULL,                 -- Int32 per contact, and one more: where its events begin in events
    events BLOB NOT NULL                  -- Int32 per event: its id less the dataset's events_from
  );
  `,
  // v4: which raw event names each dataset used, so deleting a dataset deletes the names only it had
  // (raw names are shared across datasets, and a name can be anything an export held).
  `
  CREATE TABLE dataset_raw_types (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    raw_type_id INTEGER NOT NULL REFERENCES raw_event_types(id),
    PRIMARY KEY (dataset_id, raw_type_id)
  ) WITHOUT ROWID;
  INSERT INTO dataset_raw_types SELECT DISTINCT d.id, e.raw_type_id FROM datasets d JOIN events e ON e.id >= d.events_from AND e.id < d.events_to;
  DELETE FROM raw_event_types WHERE id NOT IN (SELECT raw_type_id FROM dataset_raw_types);
  -- Event-type aliases a user chose for a source (an export's headers, fingerprinted), applied to the
  -- next import from that source.
  CREATE TABLE source_aliases (source TEXT PRIMARY KEY, aliases_json TEXT NOT NULL, updated_at TEXT NOT NULL);
  -- Runs a planner can tell apart: a name (by default, the scenario's and what changed since the run
  -- before), and the pricing preset it used.
  ALTER TABLE runs ADD COLUMN name TEXT NOT NULL DEFAULT '';
  ALTER TABLE runs ADD COLUMN pricing_preset TEXT;
  UPDATE runs SET name = scenario_name;
  -- What the app had on screen (the scenario draft, the open run, the tab, the theme, the forecast's
  -- inputs), so that a reload loses nothing.
  CREATE TABLE ui_state (key TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at TEXT NOT NULL);
  `,
  // v5: the pipeline (ARCHITECTURE §7): a run's queue backlog and write-back calls per day, and the
  // integration preset whose ingest and write-back it used.
  `
  ALTER TABLE run_series ADD COLUMN backlog_per_minute BLOB;
  ALTER TABLE run_series ADD COLUMN calls_per_day BLOB;
  ALTER TABLE runs ADD COLUMN integration_preset TEXT;
  `,
  // v6: the per-contact lookup in ranges of contacts, so that an import of any size builds it range by
  // range in bounded memory (one BLOB of every event's offset would be 400 MB at 100M events).
  `
  CREATE TABLE contact_event_ranges (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    first_idx INTEGER NOT NULL,           -- the range's first contact (idx); it holds contacts up to the next range's
    starts BLOB NOT NULL,                 -- Int32 per contact of the range, and one more: where its events begin in events
    events BLOB NOT NULL,                 -- Int32 per event: its id less the dataset's events_from
    PRIMARY KEY (dataset_id, first_idx)
  );
  INSERT INTO contact_event_ranges (dataset_id, first_idx, starts, events) SELECT dataset_id, 0, starts, events FROM contact_events;
  DROP TABLE contact_events;
  `,
];
