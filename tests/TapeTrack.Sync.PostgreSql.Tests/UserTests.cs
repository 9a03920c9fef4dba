using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Npgsql;
using TapeTrack.Sync.Sessions;

namespace TapeTrack.Sync.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlUserTests(PostgresCluster cluster) : UserContract
{
    protected override async Task<ITapeStore> OpenAsync()
        => await PostgreSqlTapeStore.OpenAsync(await cluster.CreateDatabaseAsync());

    [Fact]
    public async Task A_hash_of_the_legacy_algorithm_over_the_password_itself_still_verifies()
    {
        string connection = await cluster.CreateDatabaseAsync();
        await using var store = await PostgreSqlTapeStore.OpenAsync(connection);
        var document = SampleStore.Load();
        document.Users.Clear();
        document.Users.Add(new StoreUser("old", "placeholder"));
        await store.ImportAsync(document);

        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2("legacy-pw", salt, 1000, HashAlgorithmName.SHA256, 32);
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var command = new NpgsqlCommand(
                "UPDATE tapetrack.store_user SET password_hash = @hash, password_salt = @salt, iterations = 1000, algorithm = 'PBKDF2-HMAC-SHA256' WHERE name = 'old'", db);
            command.Parameters.AddWithValue("hash", hash);
            command.Parameters.AddWithValue("salt", salt);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.True(await store.VerifyUserAsync("old", "legacy-pw"));
        Assert.False(await store.VerifyUserAsync("old", "placeholder"));
        Assert.False(await store.VerifyUserAsync("old", System.Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes("placeholder")))));
    }
}
