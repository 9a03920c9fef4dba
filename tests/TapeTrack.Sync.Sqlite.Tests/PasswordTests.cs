using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using TapeTrack.Sync.Stores;
using static TapeTrack.Sync.Sqlite.Tests.Fixtures;

namespace TapeTrack.Sync.Sqlite.Tests;

public sealed class PasswordTests : IDisposable
{
    private const string Secret = "Tr0ub4dor&3-horse";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static StoreDocument WithUser(string name, string? password)
    {
        var document = Sample();
        document.Users.Clear();
        document.Users.Add(new StoreUser(name, password));
        return document;
    }

    [Fact]
    public async Task Passwords_are_stored_only_as_salted_hashes()
    {
        var path = _folder.File("hashed.db");
        await using (var store = await SqliteTapeStore.OpenAsync(path))
        {
            await store.ImportAsync(WithUser("operator", Secret));
        }

        foreach (var file in Directory.GetFiles(_folder.Path))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(-1, IndexOf(bytes, Encoding.UTF8.GetBytes(Secret)));
            Assert.Equal(-1, IndexOf(bytes, Encoding.Unicode.GetBytes(Secret)));
        }

        Assert.Equal(32, ScalarInt64(path, "SELECT length(password_hash) FROM store_user WHERE name = 'operator'"));
        Assert.Equal(16, ScalarInt64(path, "SELECT length(password_salt) FROM store_user WHERE name = 'operator'"));
        Assert.Equal("PBKDF2-HMAC-SHA256-MD5", ScalarText(path, "SELECT algorithm FROM store_user WHERE name = 'operator'"));
        Assert.Equal(600_000, ScalarInt64(path, "SELECT iterations FROM store_user WHERE name = 'operator'"));
    }

    [Fact]
    public async Task Two_users_with_the_same_password_get_different_hashes()
    {
        var path = _folder.File("salted.db");
        var document = WithUser("one", Secret);
        document.Users.Add(new StoreUser("two", Secret));
        await using (var store = await SqliteTapeStore.OpenAsync(path))
        {
            await store.ImportAsync(document);
        }

        Assert.Equal(2, ScalarInt64(path, "SELECT count(DISTINCT password_hash) FROM store_user"));
        Assert.Equal(2, ScalarInt64(path, "SELECT count(DISTINCT password_salt) FROM store_user"));
    }

    [Fact]
    public async Task A_user_is_verified_only_with_the_right_password()
    {
        await using var store = await SqliteTapeStore.OpenAsync(_folder.File("verify.db"));
        await store.ImportAsync(WithUser("operator", Secret));

        Assert.True(await store.VerifyUserAsync("operator", Secret));
        Assert.False(await store.VerifyUserAsync("operator", Secret + "x"));
        Assert.False(await store.VerifyUserAsync("operator", string.Empty));
        Assert.False(await store.VerifyUserAsync("nobody", Secret));
    }

    [Fact]
    public async Task Export_never_writes_passwords_and_reimport_keeps_the_hash()
    {
        await using var store = await SqliteTapeStore.OpenAsync(_folder.File("export.db"));
        await store.ImportAsync(WithUser("operator", Secret));

        var text = (await store.ExportAsync()).ToJson();
        await store.ImportAsync(StoreDocument.Parse(text));

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.Ordinal);
        Assert.True(await store.VerifyUserAsync("operator", Secret));
    }

    [Fact]
    public async Task A_new_user_imported_without_a_password_cannot_log_on()
    {
        var path = _folder.File("nopassword.db");
        await using (var store = await SqliteTapeStore.OpenAsync(path))
        {
            await store.ImportAsync(WithUser("guest", null));
            Assert.False(await store.VerifyUserAsync("guest", string.Empty));
            Assert.Equal("guest", Assert.Single((await store.ExportAsync()).Users).Name);
        }

        await using var session = await SqliteServerSessions.OpenAsync(path, "guest", string.Empty);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await session.LogonAsync());
    }

    [Fact]
    public async Task Importing_a_new_password_replaces_the_old_one()
    {
        await using var store = await SqliteTapeStore.OpenAsync(_folder.File("change.db"));
        await store.ImportAsync(WithUser("operator", Secret));

        await store.ImportAsync(WithUser("operator", "another"));

        Assert.False(await store.VerifyUserAsync("operator", Secret));
        Assert.True(await store.VerifyUserAsync("operator", "another"));
    }

    [Fact]
    public async Task A_refused_logon_names_the_user_but_never_the_password_in_the_exception_or_the_log()
    {
        var logger = new CapturingLogger();
        var path = _folder.File("logon.db");
        await using (var store = await SqliteTapeStore.OpenAsync(path, logger))
        {
            await store.ImportAsync(WithUser("operator", Secret));
        }

        await using var session = await SqliteServerSessions.OpenAsync(path, "operator", Secret + "-wrong", logger);
        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await session.LogonAsync());

        Assert.Contains("'operator'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Id.Id == 6106);
        Assert.Contains(logger.Entries, e => e.Id.Id == 6104);
        foreach (var entry in logger.Entries)
        {
            Assert.DoesNotContain(Secret, entry.Text, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await session.DownloadScopeAsync(Lto));
    }

    [Fact]
    public async Task A_logon_with_the_right_password_opens_the_session()
    {
        var path = _folder.File("right.db");
        await using (var store = await SqliteTapeStore.OpenAsync(path))
        {
            await store.ImportAsync(WithUser("operator", Secret));
        }

        await using var session = await SqliteServerSessions.OpenAsync(path, "operator", Secret);
        await session.LogonAsync();

        Assert.Equal(7, (await session.DownloadScopeAsync(Lto)).Volumes.Count);
    }

    [Theory]
    [InlineData("password", 1, 32)]
    [InlineData("pässwörd ✓", 1000, 32)]
    [InlineData("", 2, 64)]
    public void The_netstandard_pbkdf2_matches_the_framework(string password, int iterations, int length)
    {
        var salt = Encoding.ASCII.GetBytes("NaCl-salt-16byte");

        // what the netstandard2.0 build derives, so a store moves between a .NET Framework host and .NET
        var netstandard = Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation.Pbkdf2(
            password, salt, Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivationPrf.HMACSHA256, iterations, length);

        Assert.Equal(Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, length), netstandard);
        Assert.Equal(netstandard, PasswordHasher.Derive(password, salt, iterations, length));
    }

    [Fact]
    public void The_pbkdf2_matches_the_published_test_vector()
    {
        // RFC 7914, section 11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1, dkLen = 64
        var expected = Convert.FromHexString("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");

        Assert.Equal(expected, PasswordHasher.Derive("passwd", Encoding.ASCII.GetBytes("salt"), 1, 64));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
