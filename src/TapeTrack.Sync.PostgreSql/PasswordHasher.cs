using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TapeTrack.Sync.PostgreSql;

/// <summary>
/// Salted password hashes, the same as the embedded store's (PBKDF2 with HMAC-SHA-256, a random 16-byte salt per
/// user, the iteration count kept beside the hash), over the MD5 form of the password (32 upper-case hex digits), so
/// that a logon string giving the password and one giving its MD5 hash (cli.md) reach the same user, and a store file
/// moves between the two stores unchanged. Hashes written before keep <see cref="LegacyAlgorithm"/>, over the
/// password itself, and are still verified.
/// </summary>
internal static class PasswordHasher
{
    public const string Algorithm = "PBKDF2-HMAC-SHA256-MD5";
    public const string LegacyAlgorithm = "PBKDF2-HMAC-SHA256";
    public const int DefaultIterations = 600_000;
    public const int SaltLength = 16;
    public const int HashLength = 32;

    public static bool IsKnown(string algorithm) => algorithm is Algorithm or LegacyAlgorithm;

    /// <summary>Whether a secret is exactly 32 upper-case hex digits: the MD5 hash of a password, taken as is.</summary>
    public static bool IsMd5Form(string secret)
    {
        if (secret.Length != 32)
        {
            return false;
        }

        foreach (char c in secret)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'A' and <= 'F')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What the hash of <paramref name="algorithm"/> is taken over: the MD5 form of the password, or (legacy) the password.</summary>
    public static string Canonical(string secret, string algorithm)
    {
        if (!string.Equals(algorithm, Algorithm, StringComparison.Ordinal) || IsMd5Form(secret))
        {
            return secret;
        }

#pragma warning disable CA5351 // MD5 is the logon string's published form of a password, not our protection: PBKDF2 is
        byte[] hash = MD5.HashData(Encoding.UTF8.GetBytes(secret));
#pragma warning restore CA5351
        var text = new StringBuilder(32);
        foreach (byte b in hash)
        {
            text.Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

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
