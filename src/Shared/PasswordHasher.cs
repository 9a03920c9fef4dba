using System;
using System.Security.Cryptography;
using System.Text;

namespace TapeTrack.Sync.Stores;

/// <summary>
/// Salted password hashes of the stores (compiled into the embedded and the PostgreSQL store, one source, so a
/// store file moves between them unchanged): PBKDF2 with HMAC-SHA-256, a random 16-byte salt per user, over the MD5 form of the
/// password (32 upper-case hex digits), so that a logon string giving the password and one giving its MD5 hash
/// (cli.md) reach the same user. Stores written before keep <see cref="LegacyAlgorithm"/>, over the password itself.
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
        using var md5 = MD5.Create();
        var hash = md5.ComputeHash(Encoding.UTF8.GetBytes(secret));
#pragma warning restore CA5351
        var text = new StringBuilder(32);
        foreach (byte b in hash)
        {
            text.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static (byte[] Hash, byte[] Salt) Hash(string password, int iterations)
    {
        var salt = new byte[SaltLength];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(salt);
        }

        return (Derive(password, salt, iterations, HashLength), salt);
    }

    public static bool Verify(string password, byte[] salt, int iterations, byte[] expected)
    {
        var actual = Derive(password, salt, iterations, expected.Length);
        return FixedTimeEquals(actual, expected);
    }

    public static byte[] Derive(string password, byte[] salt, int iterations, int length)
    {
#if NETSTANDARD2_0
        // netstandard2.0's Rfc2898DeriveBytes has SHA-1 only: the maintained ASP.NET Core implementation instead
        return Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation.Pbkdf2(
            password, salt, Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivationPrf.HMACSHA256, iterations, length);
#else
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, length);
#endif
    }

    private static bool FixedTimeEquals(byte[] left, byte[] right)
    {
#if NETSTANDARD2_0
        if (left.Length != right.Length)
        {
            return false;
        }

        int difference = 0;
        for (int i = 0; i < left.Length; i++)
        {
            difference |= left[i] ^ right[i];
        }

        return difference == 0;
#else
        return CryptographicOperations.FixedTimeEquals(left, right);
#endif
    }
}
