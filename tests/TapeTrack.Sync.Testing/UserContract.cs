using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using TapeTrack.Sync.Sessions;
using static TapeTrack.Sync.Testing.SampleStore;

namespace TapeTrack.Sync.Testing;

/// <summary>
/// Users every <see cref="ITapeStore"/> keeps, run against each store: customer grants (no list = every customer,
/// a list = only those, an unknown user = none), kept through export and re-import, and passwords that verify
/// given as themselves or as their MD5 form (cli.md), so the same logon strings reach the same user in every store.
/// </summary>
public abstract class UserContract
{
    /// <summary>Opens an empty store of the kind under test.</summary>
    protected abstract Task<ITapeStore> OpenAsync();

    private static StoreDocument WithUsers(params StoreUser[] users)
    {
        var document = Load();
        document.Users.Clear();
        document.Users.AddRange(users);
        return document;
    }

    private static string Md5(string password) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(password)));

    [Fact]
    public async Task Grants_are_every_customer_without_a_list_only_the_listed_ones_with_one_and_none_for_an_unknown_user()
    {
        await using var store = await OpenAsync();
        await store.ImportAsync(WithUsers(
            new StoreUser("admin", "admin-pw"),
            new StoreUser("acme", "acme-pw") { Customers = new[] { "US02", "US01", "US02" } },
            new StoreUser("nobody", "nobody-pw") { Customers = Array.Empty<string>() }));

        Assert.Null(await store.GetCustomerGrantsAsync("admin"));
        Assert.Equal(new[] { "US01", "US02" }, await store.GetCustomerGrantsAsync("acme"));
        var none = await store.GetCustomerGrantsAsync("nobody");
        Assert.NotNull(none);
        Assert.Empty(none!);
        var unknown = await store.GetCustomerGrantsAsync("stranger");
        Assert.NotNull(unknown);
        Assert.Empty(unknown!);
    }

    [Fact]
    public async Task Grants_survive_export_and_a_reimport_without_passwords_replaces_them_and_keeps_the_password()
    {
        await using var store = await OpenAsync();
        await store.ImportAsync(WithUsers(
            new StoreUser("admin", "admin-pw"),
            new StoreUser("acme", "acme-pw") { Customers = new[] { "US01" } }));

        var exported = await store.ExportAsync();
        var users = exported.Users.OrderBy(u => u.Name, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "acme", "admin" }, users.Select(u => u.Name).ToArray());
        Assert.Equal(new[] { "US01" }, users[0].Customers);
        Assert.Null(users[1].Customers);
        Assert.All(users, u => Assert.Null(u.Password));

        await store.ImportAsync(WithUsers(new StoreUser("acme", null) { Customers = new[] { "US01", "US02" } }, new StoreUser("admin", null) { Customers = new[] { "US02" } }));

        Assert.Equal(new[] { "US01", "US02" }, await store.GetCustomerGrantsAsync("acme"));
        Assert.Equal(new[] { "US02" }, await store.GetCustomerGrantsAsync("admin"));
        Assert.True(await store.VerifyUserAsync("acme", "acme-pw"));
        Assert.True(await store.VerifyUserAsync("admin", "admin-pw"));
    }

    [Fact]
    public async Task A_password_and_its_md5_form_reach_the_same_user_and_nothing_else_does()
    {
        await using var store = await OpenAsync();
        await store.ImportAsync(WithUsers(new StoreUser("operator", "Tr0ub4dor&3"), new StoreUser("hashed", Md5("given-as-md5"))));

        Assert.True(await store.VerifyUserAsync("operator", "Tr0ub4dor&3"));
        Assert.True(await store.VerifyUserAsync("operator", Md5("Tr0ub4dor&3")));
        Assert.False(await store.VerifyUserAsync("operator", Md5("Tr0ub4dor&3").ToLowerInvariant()));
        Assert.False(await store.VerifyUserAsync("operator", "tr0ub4dor&3"));
        Assert.False(await store.VerifyUserAsync("stranger", "Tr0ub4dor&3"));
        Assert.True(await store.VerifyUserAsync("hashed", "given-as-md5"));
        Assert.True(await store.VerifyUserAsync("hashed", Md5("given-as-md5")));
    }
}
