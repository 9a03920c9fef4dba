using System.Collections.Generic;
using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Stores;

namespace TapeTrack.Sync.PostgreSql;

public sealed partial class PostgreSqlTapeStore
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>?> GetCustomerGrantsAsync(string name, CancellationToken cancellationToken = default)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT customers FROM tapetrack.store_user WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // an unknown user sees nothing, never "every customer"
            return Array.Empty<string>();
        }

        return reader.IsDBNull(0) ? null : reader.GetFieldValue<string[]>(0);
    }

    /// <summary>A user's grants as kept: null (every customer), or distinct and in ordinal order, as the embedded store keeps them.</summary>
    private static string[]? Grants(IReadOnlyList<string>? customers)
    {
        if (customers is null)
        {
            return null;
        }

        var set = new SortedSet<string>(customers, StringComparer.Ordinal);
        var grants = new string[set.Count];
        set.CopyTo(grants);
        return grants;
    }

    /// <inheritdoc />
    public async ValueTask<bool> VerifyUserAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (password is null)
        {
            throw new ArgumentNullException(nameof(password));
        }

        cancellationToken.ThrowIfCancellationRequested();
        byte[]? hash = null;
        byte[]? salt = null;
        int iterations = PasswordHasher.DefaultIterations;
        bool known = false;
        string algorithm = PasswordHasher.Algorithm;
        await using (var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = Command(connection, null, "SELECT password_hash, password_salt, iterations, algorithm FROM tapetrack.store_user WHERE name = @name"))
        {
            command.Parameters.AddWithValue("name", name);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                && !reader.IsDBNull(0) && !reader.IsDBNull(1)
                && PasswordHasher.IsKnown(reader.GetString(3)))
            {
                algorithm = reader.GetString(3);
                hash = reader.GetFieldValue<byte[]>(0);
                salt = reader.GetFieldValue<byte[]>(1);
                iterations = reader.GetInt32(2);
                known = true;
            }
        }

        // an unknown user costs as much as a known one, so timing does not tell which names exist
        bool verified = PasswordHasher.Verify(PasswordHasher.Canonical(password, algorithm), salt ?? new byte[PasswordHasher.SaltLength], iterations, hash ?? new byte[PasswordHasher.HashLength]) && known;
        if (!verified)
        {
            Log.LogonRefused(_logger, name);
        }

        return verified;
    }

    private static async Task ImportUserAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoreUser user, CancellationToken cancellationToken)
    {
        NpgsqlCommand command;
        if (user.Password is null)
        {
            // a user exported without its password keeps the hash it has
            command = Command(connection, transaction,
                "INSERT INTO tapetrack.store_user (name, password_hash, password_salt, iterations, algorithm) VALUES (@name, NULL, NULL, @iterations, @algorithm) ON CONFLICT (name) DO NOTHING");
        }
        else
        {
            var (hash, salt) = PasswordHasher.Hash(PasswordHasher.Canonical(user.Password, PasswordHasher.Algorithm), PasswordHasher.DefaultIterations);
            command = Command(connection, transaction,
                "INSERT INTO tapetrack.store_user (name, password_hash, password_salt, iterations, algorithm) VALUES (@name, @hash, @salt, @iterations, @algorithm) "
                + "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, password_salt = excluded.password_salt, iterations = excluded.iterations, algorithm = excluded.algorithm");
            command.Parameters.AddWithValue("hash", NpgsqlDbType.Bytea, hash);
            command.Parameters.AddWithValue("salt", NpgsqlDbType.Bytea, salt);
        }

        await using (command)
        {
            command.Parameters.AddWithValue("name", user.Name);
            command.Parameters.AddWithValue("iterations", PasswordHasher.DefaultIterations);
            command.Parameters.AddWithValue("algorithm", PasswordHasher.Algorithm);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // the file's list replaces the grants kept, also for a user exported without its password
        await using var grants = Command(connection, transaction, "UPDATE tapetrack.store_user SET customers = @customers WHERE name = @name");
        grants.Parameters.AddWithValue("name", user.Name);
        grants.Parameters.AddWithValue("customers", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)Grants(user.Customers) ?? DBNull.Value);
        await grants.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
