namespace TapeTrack.Sync.Sqlite;

/// <summary>The store's schema, one script per version; a file's version is its <c>PRAGMA user_version</c>.</summary>
internal static class Schema
{
    /// <summary>The scripts: <c>Migrations[n - 1]</c> takes a store from version n - 1 to n. Append only; never edit a shipped script.</summary>
    public static readonly string[] Migrations =
    {
        """
        CREATE TABLE store_counter (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            last_version INTEGER NOT NULL);
        INSERT INTO store_counter (id, last_version) VALUES (1, 0);
        CREATE TABLE customer (
            id TEXT NOT NULL PRIMARY KEY,
            description TEXT NOT NULL);
        CREATE TABLE attribute_definition (
            customer TEXT NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
            attribute_index INTEGER NOT NULL CHECK (attribute_index BETWEEN 1 AND 200),
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            PRIMARY KEY (customer, attribute_index));
        CREATE TABLE media (
            customer TEXT NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            description TEXT NOT NULL,
            PRIMARY KEY (customer, id));
        CREATE TABLE repository (
            customer TEXT NOT NULL,
            media TEXT NOT NULL,
            id TEXT NOT NULL,
            description TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('Library', 'Vault', 'Rack', 'Scratch', 'Transport', 'DisasterRecovery', 'LegalHold', 'Destruction', 'Ordered')),
            offsite INTEGER NOT NULL CHECK (offsite IN (0, 1)),
            next TEXT NULL,
            PRIMARY KEY (customer, media, id),
            FOREIGN KEY (customer, media) REFERENCES media (customer, id) ON DELETE CASCADE,
            FOREIGN KEY (customer, media, next) REFERENCES repository (customer, media, id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TABLE volume (
            customer TEXT NOT NULL,
            media TEXT NOT NULL,
            id TEXT NOT NULL,
            current TEXT NOT NULL,
            target TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            PRIMARY KEY (customer, media, id),
            FOREIGN KEY (customer, media) REFERENCES media (customer, id) ON DELETE CASCADE,
            FOREIGN KEY (customer, media, current) REFERENCES repository (customer, media, id),
            FOREIGN KEY (customer, media, target) REFERENCES repository (customer, media, id));
        CREATE INDEX volume_current ON volume (customer, media, current);
        CREATE INDEX volume_target ON volume (customer, media, target);
        CREATE TABLE volume_field (
            customer TEXT NOT NULL,
            media TEXT NOT NULL,
            volume TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL CHECK (value <> ''),
            PRIMARY KEY (customer, media, volume, field),
            FOREIGN KEY (customer, media, volume) REFERENCES volume (customer, media, id) ON DELETE CASCADE) WITHOUT ROWID;
        CREATE TABLE store_user (
            name TEXT NOT NULL PRIMARY KEY,
            password_hash BLOB NULL,
            password_salt BLOB NULL,
            iterations INTEGER NOT NULL,
            algorithm TEXT NOT NULL);
        """,
        """
        CREATE TABLE audit (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user_name TEXT NOT NULL,
            run TEXT NOT NULL,
            customer TEXT NOT NULL,
            media TEXT NOT NULL,
            volume TEXT NOT NULL,
            field TEXT NOT NULL,
            old_value TEXT NULL,
            new_value TEXT NULL,
            version INTEGER NOT NULL);
        CREATE INDEX audit_volume ON audit (customer, media, volume, sequence);
        CREATE INDEX audit_customer ON audit (customer, sequence);
        CREATE INDEX audit_at ON audit (at);
        """,
        """
        ALTER TABLE store_user ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1));
        CREATE TABLE user_grant (
            user TEXT NOT NULL REFERENCES store_user (name) ON DELETE CASCADE,
            customer TEXT NOT NULL,
            PRIMARY KEY (user, customer)) WITHOUT ROWID;
        """,
        // 4 (issue 14): a scope's volumes in one ordered B-tree walk of one table. The volume table is clustered by its
        // key (WITHOUT ROWID: no walk of the key's index with a look-up of each row) and holds each volume's fields
        // packed in its own row (PackedFields: for each field by name, the name's and the value's UTF-8 lengths,
        // each before a colon and the text), instead of one volume_field row per field. Rebuilt as SQLite's documented
        // table change does it (foreign keys off, see CreateOrMigrateAsync; new table, copy, drop, rename, indexes).
        """
        CREATE TABLE volume_v4 (
            customer TEXT NOT NULL,
            media TEXT NOT NULL,
            id TEXT NOT NULL,
            current TEXT NOT NULL,
            target TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            fields TEXT NULL CHECK (fields <> ''),
            PRIMARY KEY (customer, media, id),
            FOREIGN KEY (customer, media) REFERENCES media (customer, id) ON DELETE CASCADE,
            FOREIGN KEY (customer, media, current) REFERENCES repository (customer, media, id),
            FOREIGN KEY (customer, media, target) REFERENCES repository (customer, media, id)) WITHOUT ROWID;
        INSERT INTO volume_v4 (customer, media, id, current, target, version, fields)
            SELECT v.customer, v.media, v.id, v.current, v.target, v.version,
                (SELECT group_concat(length(CAST(f.field AS BLOB)) || ':' || f.field || length(CAST(f.value AS BLOB)) || ':' || f.value, '')
                    FROM (SELECT field, value FROM volume_field WHERE customer = v.customer AND media = v.media AND volume = v.id ORDER BY field) f)
            FROM volume v;
        DROP TABLE volume_field;
        DROP TABLE volume;
        ALTER TABLE volume_v4 RENAME TO volume;
        CREATE INDEX volume_current ON volume (customer, media, current);
        CREATE INDEX volume_target ON volume (customer, media, target);
        """,
    };
}
