using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using NpgsqlTypes;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.PostgreSql;

public sealed partial class PostgreSqlTapeStore
{
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

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var sql = new StringBuilder("SELECT sequence, at, user_name, run, customer, media, volume, field, old_value, new_value, version FROM tapetrack.audit WHERE true");
        await using var command = Command(connection, null, string.Empty);
        if (query.Volume is { } volume)
        {
            sql.Append(" AND customer = @customer AND media = @media AND volume = @volume");
            command.Parameters.AddWithValue("customer", volume.Customer);
            command.Parameters.AddWithValue("media", volume.Media);
            command.Parameters.AddWithValue("volume", volume.Volume);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND at >= @since");
            command.Parameters.AddWithValue("since", since.UtcDateTime);
        }

        if (query.Customers is { } customers)
        {
            sql.Append(" AND customer = ANY (@customers)");
            command.Parameters.AddWithValue("customers", NpgsqlDbType.Array | NpgsqlDbType.Text, new List<string>(customers).ToArray());
        }

        sql.Append(" ORDER BY sequence DESC");
        if (query.Limit is { } limit)
        {
            sql.Append(" LIMIT @limit");
            command.Parameters.AddWithValue("limit", limit);
        }

        command.CommandText = sql.ToString();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditEntry(
                reader.GetInt64(0),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)),
                reader.GetString(2),
                reader.GetString(3),
                new VolumeKey(reader.GetString(4), reader.GetString(5), reader.GetString(6)),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.GetInt64(10));
        }
    }
}
