using System;

namespace TapeTrack.Sync.PostgreSql.Tests;

public sealed class ConnectionSettingsTests
{
    [Theory]
    [InlineData("Host=db;Username=tt;Password=s3cret;Database=tapes", 32)]
    [InlineData("Host=db;Username=tt;Password=s3cret;Database=tapes;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=tt;Password=s3cret;Database=tapes;maxautoprepare=5", 5)]
    public void The_stores_pool_prepares_repeated_statements_unless_the_connection_string_chooses(string connectionString, int maxAutoPrepare)
    {
        var settings = PostgreSqlTapeStore.Settings(connectionString);

        Assert.Equal(maxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Equal(("db", "tt", "s3cret", "tapes"), (settings.Host, settings.Username, settings.Password, settings.Database));
    }

    [Fact]
    public void A_connection_string_that_is_not_valid_is_refused_without_quoting_it()
    {
        var error = Assert.Throws<ArgumentException>(() => PostgreSqlTapeStore.Settings("Host=db;Password=s3cret;Nonsense Key=1"));

        Assert.StartsWith("The PostgreSQL connection string is not valid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }
}
