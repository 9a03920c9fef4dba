using System.Threading.Tasks;
using Npgsql;

namespace TapeTrack.Sync.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ClusterTests(PostgresCluster cluster)
{
    [Fact]
    public async Task The_throwaway_cluster_answers_on_loopback_with_a_password()
    {
        string connectionString = await cluster.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int >= 150000, inet_server_addr()::text", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0));
        Assert.Equal("127.0.0.1/32", reader.GetString(1));
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        var builder = new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync()) { Password = "wrong" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal("28P01", error.SqlState);
    }
}
