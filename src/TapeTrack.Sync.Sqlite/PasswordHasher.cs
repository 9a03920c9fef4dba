using System;
using System.Security.Cryptography;

namespace TapeTrack.Sync.Sqlite;

/// <summary>Salted password hashes: PBKDF2 with HMAC-SHA-256, a random 16-byte salt per user.</summary>
internal static class PasswordHasher
{
    public const string Algorithm = "PBKDF2-HMAC-SHA256";
    public const int DefaultIterations = 600_000;
    public const int SaltLength = 16;
    public const int HashLength = 32;

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
