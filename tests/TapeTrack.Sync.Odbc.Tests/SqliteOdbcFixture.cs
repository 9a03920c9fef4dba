using System;
using System.IO;
using Microsoft.Data.Sqlite;

namespace TapeTrack.Sync.Odbc.Tests;

/// <summary>
/// A SQLite database made with Microsoft.Data.Sqlite and read back through the real unixODBC driver manager and
/// the SQLite3 ODBC driver. A machine without the driver fails these tests (never skips them): install it with
/// <c>.ci/install-odbc.sh</c> (unixodbc and libsqliteodbc).
/// </summary>
public sealed class SqliteOdbcFixture : IDisposable
{
    public SqliteOdbcFixture()
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), $"tapetrack-odbc-{Guid.NewGuid():N}.db");
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE volumes (volume TEXT NOT NULL, customer TEXT, media TEXT, location TEXT, written TEXT, note TEXT);
                INSERT INTO volumes VALUES ('000001L6', 'US01', 'LTO', 'Vault', '2026-11-23 22:15:01', 'daily, offsite');
                INSERT INTO volumes VALUES ('000002L6', 'US01', 'LTO', 'Library', '2026-11-24 05:02:10', NULL);
                INSERT INTO volumes VALUES ('CLN001L1', 'US01', 'LTO', 'Library', NULL, 'cleaning');
                """;
            command.ExecuteNonQuery();
        }

        // a missing file would be created empty by the driver: make sure this one is real
        if (!File.Exists(DatabasePath))
        {
            throw new InvalidOperationException($"The test database {DatabasePath} was not created.");
        }
    }

    public string DatabasePath { get; }

    public string ConnectionString => $"Driver=SQLite3;Database={DatabasePath}";

    public static void RequireDriver()
    {
        const string registry = "/etc/odbcinst.ini";
        bool registered = File.Exists(registry) && File.ReadAllText(registry).Contains("[SQLite3]", StringComparison.Ordinal);
        Assert.True(registered, $"The SQLite3 ODBC driver is not registered in {registry}: run .ci/install-odbc.sh (apt-get install -y unixodbc libsqliteodbc).");
    }

    public void Dispose() => File.Delete(DatabasePath);
}
