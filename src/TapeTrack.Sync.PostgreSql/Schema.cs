namespace TapeTrack.Sync.PostgreSql;

/// <summary>
/// The store's schema in its own PostgreSQL schema (<see cref="Name"/>), one script per version; the database's
/// version is the row of <c>schema_version</c>. Text keys use the "C" collation: ids compare and sort ordinally,
/// as in the embedded store.
/// </summary>
internal static class Schema
{
    /// <summary>The PostgreSQL schema that holds the store's tables.</summary>
    public const string Name = "tapetrack";

    /// <summary>The scripts: <c>Migrations[n - 1]</c> takes a store from version n - 1 to n. Append only; never edit a shipped script.</summary>
    public static readonly string[] Migrations =
    {
        """
        CREATE TABLE store_counter (
            id integer NOT NULL PRIMARY KEY CHECK (id = 1),
            last_version bigint NOT NULL CHECK (last_version BETWEEN 0 AND 9007199254740991));
        INSERT INTO store_counter (id, last_version) VALUES (1, 0);
        CREATE TABLE customer (
            id text COLLATE "C" NOT NULL PRIMARY KEY,
            description text NOT NULL);
        CREATE TABLE attribute_definition (
            customer text COLLATE "C" NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
            attribute_index integer NOT NULL CHECK (attribute_index BETWEEN 1 AND 200),
            name text NOT NULL,
            type text NOT NULL,
            PRIMARY KEY (customer, attribute_index));
        CREATE TABLE media (
            customer text COLLATE "C" NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
            id text COLLATE "C" NOT NULL,
            description text NOT NULL,
            PRIMARY KEY (customer, id));
        CREATE TABLE repository (
            customer text COLLATE "C" NOT NULL,
            media text COLLATE "C" NOT NULL,
            id text COLLATE "C" NOT NULL,
            position integer NOT NULL,
            description text NOT NULL,
            type text NOT NULL CHECK (type IN ('Library', 'Vault', 'Rack', 'Scratch', 'Transport', 'DisasterRecovery', 'LegalHold', 'Destruction', 'Ordered')),
            offsite boolean NOT NULL,
            next text COLLATE "C" NULL,
            PRIMARY KEY (customer, media, id),
            FOREIGN KEY (customer, media) REFERENCES media (customer, id) ON DELETE CASCADE,
            FOREIGN KEY (customer, media, next) REFERENCES repository (customer, media, id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TABLE volume (
            customer text COLLATE "C" NOT NULL,
            media text COLLATE "C" NOT NULL,
            id text COLLATE "C" NOT NULL,
            current text COLLATE "C" NOT NULL,
            target text COLLATE "C" NOT NULL,
            version bigint NOT NULL CHECK (version BETWEEN 1 AND 9007199254740991),
            field_names text[] NOT NULL,
            field_values text[] NOT NULL CHECK (cardinality(field_values) = cardinality(field_names) AND array_position(field_values, '') IS NULL),
            PRIMARY KEY (customer, media, id),
            FOREIGN KEY (customer, media) REFERENCES media (customer, id) ON DELETE CASCADE,
            FOREIGN KEY (customer, media, current) REFERENCES repository (customer, media, id) DEFERRABLE INITIALLY DEFERRED,
            FOREIGN KEY (customer, media, target) REFERENCES repository (customer, media, id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TABLE store_user (
            name text COLLATE "C" NOT NULL PRIMARY KEY,
            password_hash bytea NULL,
            password_salt bytea NULL,
            iterations integer NOT NULL,
            algorithm text NOT NULL,
            customers text[] NULL);
        CREATE TABLE audit (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            user_name text NOT NULL,
            run text NOT NULL,
            customer text COLLATE "C" NOT NULL,
            media text COLLATE "C" NOT NULL,
            volume text COLLATE "C" NOT NULL,
            field text NOT NULL,
            old_value text NULL,
            new_value text NULL,
            version bigint NOT NULL);
        CREATE INDEX audit_volume ON audit (customer, media, volume, sequence);
        CREATE INDEX audit_customer ON audit (customer, sequence);
        CREATE INDEX audit_at ON audit (at);
        """,
    };
}
