using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite;

public sealed partial class SqliteTapeStore
{
    // fixed width, so that text order is time order
    private const string AuditTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The clock of the audit trail; the system clock unless a test sets another.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditEntry> ReadHistoryAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        if (query.Customers is { Count: 0 } || query.Limit <= 0)
        {
            yield break;
        }

        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var sql = new StringBuilder("SELECT sequence, at, user_name, run, customer, media, volume, field, old_value, new_value, version FROM audit WHERE 1");
        using var command = Command(connection, null, string.Empty);
        if (query.Volume is { } volume)
        {
            sql.Append(" AND customer = $customer AND media = $media AND volume = $volume");
            command.Parameters.AddWithValue("$customer", volume.Customer);
            command.Parameters.AddWithValue("$media", volume.Media);
            command.Parameters.AddWithValue("$volume", volume.Volume);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND at >= $since");
            command.Parameters.AddWithValue("$since", FormatTime(since));
        }

        if (query.Customers is { } customers)
        {
            sql.Append(" AND customer IN (");
            int i = 0;
            foreach (var customer in customers)
            {
                sql.Append(i == 0 ? "$c0" : ", $c" + i.ToString(CultureInfo.InvariantCulture));
                command.Parameters.AddWithValue("$c" + i.ToString(CultureInfo.InvariantCulture), customer);
                i++;
            }

            sql.Append(')');
        }

        sql.Append(" ORDER BY sequence DESC");
        if (query.Limit is { } limit)
        {
            sql.Append(" LIMIT $limit");
            command.Parameters.AddWithValue("$limit", limit);
        }

        command.CommandText = sql.ToString();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditEntry(
                reader.GetInt64(0),
                DateTimeOffset.ParseExact(reader.GetString(1), AuditTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                reader.GetString(2),
                reader.GetString(3),
                new VolumeKey(reader.GetString(4), reader.GetString(5), reader.GetString(6)),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.GetInt64(10));
        }
    }

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(AuditTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes a batch's audit entries, in its transaction: one row per field an applied update changed, through
    /// one statement prepared for the batch.</summary>
    private sealed class AuditRecorder : IDisposable
    {
        private static readonly string[] Names = { "$at", "$user", "$run", "$customer", "$media", "$volume", "$field", "$old", "$new", "$version" };
        private readonly ChangeOrigin _origin;
        private readonly string _time;
        private SqliteCommand? _insert;

        public AuditRecorder(ChangeOrigin origin, DateTimeOffset time)
        {
            _origin = origin;
            _time = FormatTime(time);
        }

        public async ValueTask RecordAsync(SqliteConnection connection, SqliteTransaction transaction, VolumeKey key, Volume? before, Volume after, CancellationToken cancellationToken)
        {
            var differences = FieldDifference.Between(before, after);
            if (differences.Count == 0)
            {
                return;
            }

            var command = Prepared(ref _insert, connection, transaction,
                "INSERT INTO audit (at, user_name, run, customer, media, volume, field, old_value, new_value, version) "
                + "VALUES ($at, $user, $run, $customer, $media, $volume, $field, $old, $new, $version)",
                Names);
            foreach (var difference in differences)
            {
                Bind(command, _time, _origin.User, _origin.Run, key.Customer, key.Media, key.Volume, difference.Field, difference.OldValue, difference.NewValue, after.Version);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose() => _insert?.Dispose();
    }
}
