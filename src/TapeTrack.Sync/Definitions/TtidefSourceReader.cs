using System;
using System.Globalization;
using System.IO;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Definitions;

/// <summary>Reads a definition file, refusing what is not a regular file or is over the size limit.</summary>
internal static class TtidefSourceReader
{
    public static bool TryGetFullPath(string path, string? baseDirectory, out string fullPath, out string? problem)
    {
        fullPath = path;
        problem = null;
        try
        {
            fullPath = Path.GetFullPath(baseDirectory is null ? path : Path.Combine(baseDirectory, path));
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or SecurityException)
        {
            problem = "the path is not valid: " + e.Message;
            return false;
        }
    }

    public static string? Check(string fullPath, long maxSize)
    {
        try
        {
            if (Directory.Exists(fullPath))
            {
                return "it is a folder, not a file";
            }

            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                return "the file does not exist";
            }

            if (info.Length > maxSize)
            {
                return TooLarge(info.Length, maxSize);
            }

            return null;
        }
        catch (Exception e) when (IsIoProblem(e))
        {
            return "the file cannot be read: " + e.Message;
        }
    }

    public static bool TryRead(string fullPath, long maxSize, out string text, out string? problem)
    {
        text = string.Empty;
        problem = Check(fullPath, maxSize);
        if (problem is not null)
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: false);
            var buffer = new byte[Capacity(maxSize)];
            int count = 0;
            int read;
            while (count < buffer.Length && (read = stream.Read(buffer, count, buffer.Length - count)) > 0)
            {
                count += read;
            }

            return Finish(buffer, count, maxSize, out text, out problem);
        }
        catch (Exception e) when (IsIoProblem(e))
        {
            problem = "the file cannot be read: " + e.Message;
            return false;
        }
    }

    public static async ValueTask<(string? Text, string? Problem)> ReadAsync(string fullPath, long maxSize, CancellationToken cancellationToken)
    {
        var problem = Check(fullPath, maxSize);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            var buffer = new byte[Capacity(maxSize)];
            int count = 0;
            int read;
            while (count < buffer.Length && (read = await stream.ReadAsync(buffer, count, buffer.Length - count, cancellationToken).ConfigureAwait(false)) > 0)
            {
                count += read;
            }

            return Finish(buffer, count, maxSize, out var text, out problem) ? (text, null) : (null, problem);
        }
        catch (Exception e) when (IsIoProblem(e))
        {
            return (null, "the file cannot be read: " + e.Message);
        }
    }

    public static string TooLarge(long size, long maxSize) => string.Format(
        CultureInfo.InvariantCulture,
        "it is {0:N0} bytes or more, over the limit of {1:N0} bytes (MaxFileSize)",
        size,
        maxSize);

    // One byte over the limit tells a file that grew (or a device that never ends) from one that fits.
    private static int Capacity(long maxSize) => (int)Math.Min(maxSize + 1, int.MaxValue - 64);

    private static bool Finish(byte[] buffer, int count, long maxSize, out string text, out string? problem)
    {
        text = string.Empty;
        problem = null;
        if (count > maxSize)
        {
            problem = TooLarge(count, maxSize);
            return false;
        }

        using var reader = new StreamReader(new MemoryStream(buffer, 0, count), new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
        text = reader.ReadToEnd();
        return true;
    }

    private static bool IsIoProblem(Exception e) =>
        e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or SecurityException;
}
