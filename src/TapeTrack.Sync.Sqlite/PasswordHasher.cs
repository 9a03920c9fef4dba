using System;
using System.Security.Cryptography;
using System.Text;

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
        // netstandard2.0's Rfc2898DeriveBytes has SHA-1 only
        return Pbkdf2HmacSha256(password, salt, iterations, length);
#else
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, length);
#endif
    }

    /// <summary>PBKDF2 (RFC 8018) with HMAC-SHA-256, for targets whose Rfc2898DeriveBytes lacks it.</summary>
    public static byte[] Pbkdf2HmacSha256(string password, byte[] salt, int iterations, int length)
    {
        var key = new UTF8Encoding(false, true).GetBytes(password);
        var result = new byte[length];
        var block = new byte[salt.Length + 4];
        Buffer.BlockCopy(salt, 0, block, 0, salt.Length);
        using var hmac = new HMACSHA256(key);
        int offset = 0;
        for (uint index = 1; offset < length; index++)
        {
            block[salt.Length] = (byte)(index >> 24);
            block[salt.Length + 1] = (byte)(index >> 16);
            block[salt.Length + 2] = (byte)(index >> 8);
            block[salt.Length + 3] = (byte)index;
            var u = hmac.ComputeHash(block);
            var t = (byte[])u.Clone();
            for (int i = 1; i < iterations; i++)
            {
                u = hmac.ComputeHash(u);
                for (int j = 0; j < t.Length; j++)
                {
                    t[j] ^= u[j];
                }
            }

            int count = Math.Min(t.Length, length - offset);
            Buffer.BlockCopy(t, 0, result, offset, count);
            offset += count;
        }

        Array.Clear(key, 0, key.Length);
        return result;
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
