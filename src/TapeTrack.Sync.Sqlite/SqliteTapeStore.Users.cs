using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Stores;

namespace TapeTrack.Sync.Sqlite;

public sealed partial class SqliteTapeStore
{
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
        using (var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        using (var command = Command(connection, null, "SELECT password_hash, password_salt, iterations, algorithm FROM store_user WHERE name = $name", ("$name", name)))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                && !reader.IsDBNull(0) && !reader.IsDBNull(1)
                && PasswordHasher.IsKnown(reader.GetString(3)))
            {
                algorithm = reader.GetString(3);
                hash = (byte[])reader.GetValue(0);
                salt = (byte[])reader.GetValue(1);
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

    private static async ValueTask ImportUserAsync(SqliteConnection connection, SqliteTransaction transaction, StoreUser user, string path, CancellationToken cancellationToken)
    {
        if (user.Password is null)
        {
            // a user exported without its password keeps the hash it has
            await ExecuteAsync(connection, transaction, path, cancellationToken,
                "INSERT INTO store_user (name, password_hash, password_salt, iterations, algorithm) VALUES ($name, NULL, NULL, $iterations, $algorithm) ON CONFLICT (name) DO NOTHING",
                ("$name", user.Name), ("$iterations", PasswordHasher.DefaultIterations), ("$algorithm", PasswordHasher.Algorithm)).ConfigureAwait(false);
            await ImportGrantsAsync(connection, transaction, user, path, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (hash, salt) = PasswordHasher.Hash(PasswordHasher.Canonical(user.Password, PasswordHasher.Algorithm), PasswordHasher.DefaultIterations);
        await ExecuteAsync(connection, transaction, path, cancellationToken,
            "INSERT INTO store_user (name, password_hash, password_salt, iterations, algorithm) VALUES ($name, $hash, $salt, $iterations, $algorithm) "
            + "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, password_salt = excluded.password_salt, iterations = excluded.iterations, algorithm = excluded.algorithm",
            ("$name", user.Name), ("$hash", hash), ("$salt", salt), ("$iterations", PasswordHasher.DefaultIterations), ("$algorithm", PasswordHasher.Algorithm)).ConfigureAwait(false);
        await ImportGrantsAsync(connection, transaction, user, path, cancellationToken).ConfigureAwait(false);
    }
}
