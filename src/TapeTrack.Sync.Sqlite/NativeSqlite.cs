#if NET
using System;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace TapeTrack.Sync.Sqlite;

/// <summary>
/// The few SQLite calls of a scope download, called on the statement's own pointer instead of through
/// SQLitePCL.raw (issue 14): raw's column calls go through its provider, two marshalled calls per text column and a
/// <see cref="SafeHandle"/> reference taken and released on each, which cost more than SQLite's own work on a row.
/// Used only when the library SQLitePCL.raw loaded is e_sqlite3 (the Microsoft.Data.Sqlite bundle) and these imports
/// resolve to that same loaded library (both return the same <c>sqlite3_version</c> pointer); anything else (another
/// provider such as SQLCipher or winsqlite3, a copy of e_sqlite3 not found) reads through SQLitePCL.raw as before.
/// </summary>
internal static unsafe class NativeSqlite
{
    private const string Library = "e_sqlite3";

    /// <summary>Whether these imports call the library SQLitePCL.raw uses.</summary>
    public static readonly bool Available = Probe();

    /// <summary>The statement's current row's column as UTF-8 (a text or a blob), valid until the statement steps.</summary>
    public static ReadOnlySpan<byte> Text(IntPtr statement, int column)
    {
        byte* text = sqlite3_column_blob(statement, column);
        return new ReadOnlySpan<byte>(text, sqlite3_column_bytes(statement, column));
    }

    [DllImport(Library, ExactSpelling = true, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int sqlite3_step(IntPtr statement);

    // may read an overflow page of a long value: a normal transition
    [DllImport(Library, ExactSpelling = true, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern byte* sqlite3_column_blob(IntPtr statement, int column);

    // the length of the value sqlite3_column_blob has just read: memory only
    [DllImport(Library, ExactSpelling = true, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    private static extern int sqlite3_column_bytes(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern long sqlite3_column_int64(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern byte* sqlite3_libversion();

    private static bool Probe()
    {
        try
        {
            if (!string.Equals(raw.GetNativeLibraryName(), Library, StringComparison.Ordinal))
            {
                return false;
            }

            // the same loaded library: its version string at the same address
            fixed (byte* theirs = raw.sqlite3_libversion())
            {
                return theirs != null && sqlite3_libversion() == theirs;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or NotSupportedException)
        {
            return false;
        }
    }
}
#endif
