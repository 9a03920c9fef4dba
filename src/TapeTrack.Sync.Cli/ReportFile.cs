using System;
using System.IO;
using System.Runtime.InteropServices;

namespace TapeTrack.Sync.Cli;

/// <summary>
/// Where and how the <c>--report</c> file is written, and what a path is when the guard compares it with the files the
/// run reads.
/// </summary>
/// <remarks>
/// <para>A regular file, or a path where nothing is yet, is replaced atomically: written beside it and renamed over it,
/// so a full disk leaves the old report (or none), never a truncated one. A path that names something else (a device
/// such as <c>/dev/null</c> or <c>/dev/stdout</c>, a FIFO, a socket) is opened and written in order: renaming over it
/// would replace the node itself with a regular file (as root, <c>--report /dev/null</c> would destroy
/// <c>/dev/null</c>). A symbolic link is followed: the file it leads to is replaced (the temporary file beside that
/// file) and the link is kept; a link to a device or a FIFO is written through.</para>
/// <para>How the kind is told: .NET has no public API that does. On Linux, <see cref="File.GetAttributes(string)"/>
/// and <see cref="FileSystemInfo.Attributes"/> say <c>Normal</c> for a character device, a FIFO and a socket alike
/// (checked on .NET 10), <see cref="File.GetUnixFileMode(string)"/> has the permission bits only, and
/// <see cref="FileStream.CanSeek"/> is true for <c>/dev/null</c>. So on Linux the kind is asked of the kernel with
/// <c>statx(2)</c>, whose <c>struct statx</c> has one layout on every architecture (glibc 2.28, musl 1.2.5), and on
/// macOS with <c>stat(2)</c> (the 64-bit-inode <c>struct stat</c>, <c>st_mode</c> at byte 4). Both follow symbolic
/// links, as <c>open</c> does. On Windows (and wherever that call is missing) the path is opened for writing without
/// truncating it and the handle is asked: <see cref="FileStream.CanSeek"/> is <c>GetFileType</c> being
/// <c>FILE_TYPE_DISK</c> there, false for <c>NUL</c>, <c>CON</c> and pipes, which are then written through that
/// handle.</para>
/// </remarks>
internal static class ReportFile
{
    private enum Kind
    {
        /// <summary>Nothing at the path (or a symbolic link to nothing).</summary>
        Absent,

        /// <summary>A regular file.</summary>
        Regular,

        /// <summary>A device, a FIFO, a socket: written directly.</summary>
        Other,

        /// <summary>The kind could not be asked of the system; found by opening the path.</summary>
        Unknown,
    }

    /// <summary>The folder the report's spool files go to: beside the file that will be replaced, or the temporary
    /// folder when the report is written directly to a device or a FIFO (never <c>/dev</c>).</summary>
    public static string? SpoolFolder(string reportPath) =>
        KindOf(reportPath) == Kind.Other ? null : Path.GetDirectoryName(ReplacedFile(reportPath));

    /// <summary>Whether <paramref name="path"/> (after symbolic links) is a regular file.</summary>
    public static bool IsRegularFile(string path)
    {
        switch (KindOf(path))
        {
            case Kind.Regular:
                return true;
            case Kind.Unknown:
                // Windows: a file the file system lists, that is not a folder (NUL and pipes are not listed)
                return File.Exists(path);
            default:
                return false;
        }
    }

    /// <summary>Writes the report to <paramref name="reportPath"/>: replaced atomically, or written directly (see the remarks).</summary>
    /// <exception cref="IOException">It could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">It could not be written.</exception>
    public static void Write(string reportPath, Action<Stream> write)
    {
        var kind = KindOf(reportPath);
        if (kind == Kind.Other)
        {
            // FileMode.Open: no O_CREAT, no O_TRUNC; the kernel follows the links, so /dev/stdout reaches the real stdout
            using var direct = new FileStream(reportPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 64 * 1024);
            write(direct);
            direct.Flush();
            return;
        }

        if (kind == Kind.Unknown)
        {
            FileStream? handle = null;
            try
            {
                handle = new FileStream(reportPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 64 * 1024);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // not there, or not openable for writing in place (read-only, in use): the atomic replace says what it finds
            }

            using (handle)
            {
                // CanSeek is true for /dev/null on Unix: there (only when the C library call was missing) /dev is not replaced either
                bool device = !OperatingSystem.IsWindows() && Path.GetFullPath(reportPath).StartsWith("/dev/", StringComparison.Ordinal);
                if (handle is not null && (!handle.CanSeek || device))
                {
                    // kept open and written: a pipe's server would see a first, empty, connection otherwise
                    write(handle);
                    handle.Flush();
                    return;
                }
            }
        }

        ReplaceAtomically(ReplacedFile(reportPath), write);
    }

    private static void ReplaceAtomically(string target, Action<Stream> write)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The file the atomic replace renames over: the path, or the file its symbolic links lead to (the links stay).</summary>
    private static string ReplacedFile(string reportPath)
    {
        try
        {
            var info = new FileInfo(reportPath);
            if (info.LinkTarget is null)
            {
                return reportPath;
            }

            // a link to nothing yet resolves to where it points: the report is created there, and the link kept
            return info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? Path.GetFullPath(target.FullName) : reportPath;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a link loop: the rename then fails and says so
            return reportPath;
        }
    }

    private static Kind KindOf(string path)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return LinuxKind(path);
            }

            if (OperatingSystem.IsMacOS())
            {
                return MacKind(path);
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // an older C library: found by opening the path
        }

        return Kind.Unknown;
    }

    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int S_IFMT = 0xF000;
    private const int S_IFREG = 0x8000;
    private const int S_IFDIR = 0x4000;

    private static Kind FromMode(int mode) => (mode & S_IFMT) switch
    {
        S_IFREG => Kind.Regular,
        // a folder is refused before the run (CheckReportPath); one made since fails the rename, as before
        S_IFDIR => Kind.Regular,
        _ => Kind.Other,
    };

    private static Kind FromError(int errno) => errno is ENOENT or ENOTDIR ? Kind.Absent : Kind.Unknown;

    private static Kind LinuxKind(string path)
    {
        const int AT_FDCWD = -100;
        const uint STATX_TYPE = 0x1;
        var buffer = new byte[256]; // sizeof(struct statx) is 256
        if (NativeMethods.statx(AT_FDCWD, path, 0, STATX_TYPE, buffer) != 0)
        {
            return FromError(Marshal.GetLastPInvokeError());
        }

        // struct statx: stx_mask (u32) 0, stx_blksize (u32) 4, stx_attributes (u64) 8, stx_nlink, stx_uid, stx_gid (u32) 16..27, stx_mode (u16) 28
        return FromMode(BitConverter.ToUInt16(buffer, 28));
    }

    private static Kind MacKind(string path)
    {
        var buffer = new byte[256]; // sizeof(struct stat) is 144
        int result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? NativeMethods.stat_x64(path, buffer) : NativeMethods.stat(path, buffer);
        if (result != 0)
        {
            return FromError(Marshal.GetLastPInvokeError());
        }

        // struct stat (64-bit inodes): st_dev (i32) 0, st_mode (u16) 4
        return FromMode(BitConverter.ToUInt16(buffer, 4));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // nothing more to do: the caller's message names the report
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

        [DllImport("libc", SetLastError = true, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);

        // on x86-64 macOS, stat is the 32-bit-inode layout; stat$INODE64 is the one with st_mode at byte 4
        [DllImport("libc", EntryPoint = "stat$INODE64", SetLastError = true, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int stat_x64([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
    }
}
