using System.Security.Cryptography;

namespace TapeTrack.Sync.PostgreSql;

/// <summary>
/// Salted password hashes, the same as the embedded store's (PBKDF2 with HMAC-SHA-256, a random 16-byte salt per
/// user, the iteration count kept beside the hash), so a store file moves between the two stores unchanged.
/// </summary>
internal static class PasswordHasher
{
    public const string Algorithm = "PBKDF2-HMAC-SHA256";
    public const int DefaultIterations = 600_000;
    public const int SaltLength = 16;
    public const int HashLength = 32;

    public static (byte[] Hash, byte[] Salt) Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        return (Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashLength), salt);
    }

    public static bool Verify(string password, byte[] salt, int iterations, byte[] expected)
    {
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
