using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.Sqlite;

// Users' customer grants (cli.md, "Store file"): a user with a list sees only those customers.
public sealed partial class SqliteTapeStore
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>?> GetCustomerGrantsAsync(string name, CancellationToken cancellationToken = default)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using (var command = Command(connection, null, "SELECT restricted FROM store_user WHERE name = $name", ("$name", name)))
        {
            object? restricted = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (restricted is null || restricted is DBNull)
            {
                return Array.Empty<string>();
            }

            if (Convert.ToInt64(restricted, System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }

        return await ReadGrantsAsync(connection, null, name, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<List<string>> ReadGrantsAsync(SqliteConnection connection, SqliteTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        var grants = new List<string>();
        using var command = Command(connection, transaction, "SELECT customer FROM user_grant WHERE user = $name ORDER BY customer", ("$name", name));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            grants.Add(reader.GetString(0));
        }

        return grants;
    }

    private static async ValueTask ImportGrantsAsync(SqliteConnection connection, SqliteTransaction transaction, StoreUser user, string path, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, path, cancellationToken, "DELETE FROM user_grant WHERE user = $name", ("$name", user.Name)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, path, cancellationToken, "UPDATE store_user SET restricted = $restricted WHERE name = $name",
            ("$name", user.Name), ("$restricted", user.Customers is null ? 0 : 1)).ConfigureAwait(false);
        if (user.Customers is null)
        {
            return;
        }

        foreach (var customer in user.Customers)
        {
            await ExecuteAsync(connection, transaction, path, cancellationToken, "INSERT INTO user_grant (user, customer) VALUES ($name, $customer) ON CONFLICT DO NOTHING",
                ("$name", user.Name), ("$customer", customer)).ConfigureAwait(false);
        }
    }

    private static async ValueTask<List<StoreUser>> ExportUsersAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var users = new List<(string Name, bool Restricted)>();
        using (var command = Command(connection, transaction, "SELECT name, restricted FROM store_user ORDER BY name"))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                users.Add((reader.GetString(0), reader.GetInt64(1) != 0));
            }
        }

        var result = new List<StoreUser>(users.Count);
        foreach (var (name, restricted) in users)
        {
            result.Add(new StoreUser(name, null) { Customers = restricted ? await ReadGrantsAsync(connection, transaction, name, cancellationToken).ConfigureAwait(false) : null });
        }

        return result;
    }
}
