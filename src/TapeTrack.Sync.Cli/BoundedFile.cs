using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// Reads a whole file the tool was given (the <c>-c</c> batch configuration) within a size limit, on the thread
/// pool so that Ctrl+C or SIGTERM is answered at once even when the "file" is a FIFO that nobody writes.
/// </summary>
internal static class BoundedFile
{
    /// <summary>The limit of a batch configuration: 1 MiB.</summary>
    public const int MaxConfigurationSize = 1024 * 1024;

    /// <exception cref="UsageException">The path is a folder, does not exist, cannot be read, or is over the limit.</exception>
    public static async Task<string> ReadTextAsync(string path, int maxBytes, string what, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException($"{what} '{path}' is a folder, not a file", aboutOptions: false);
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"{what} '{path}' does not exist", aboutOptions: false);
        }

        var read = Task.Run(
            () =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
                var buffer = new byte[maxBytes + 1];
                int count = 0;
                int n;
                while (count < buffer.Length && (n = stream.Read(buffer, count, buffer.Length - count)) > 0)
                {
                    count += n;
                }

                return (buffer, count);
            },
            CancellationToken.None);
        byte[] bytes;
        int length;
        try
        {
            (bytes, length) = await read.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{what} '{path}' cannot be read: {e.Message}", aboutOptions: false);
        }

        if (length > maxBytes)
        {
            throw new UsageException(
                string.Format(CultureInfo.InvariantCulture, "{0} '{1}' is larger than the limit of {2:N0} bytes ({3} MiB); nothing was read or sent", what, path, maxBytes, maxBytes / (1024 * 1024)),
                aboutOptions: false);
        }

        return new UTF8Encoding(false).GetString(bytes, 0, length).TrimStart('\uFEFF');
    }
}
