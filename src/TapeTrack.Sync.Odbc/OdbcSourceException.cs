using System;

namespace TapeTrack.Sync.Odbc;

/// <summary>
/// An ODBC data source could not be read: the driver manager, the driver or the query failed. The message
/// names the driver's error and the data source with its passwords masked; the connection string itself is
/// never part of it, and the driver's exception is not attached (its text could echo the connection string).
/// </summary>
public sealed class OdbcSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message; it must not hold a connection string.</param>
    /// <param name="sqlState">The driver's SQLSTATE, such as <c>HY000</c>, or <see langword="null"/>.</param>
    /// <param name="nativeError">The driver's native error number, or 0.</param>
    public OdbcSourceException(string message, string? sqlState, int nativeError)
        : base(message)
    {
        SqlState = sqlState;
        NativeError = nativeError;
    }

    /// <summary>The driver's SQLSTATE of the first error, such as <c>IM002</c> (no such driver) or <c>HY000</c>.</summary>
    public string? SqlState { get; }

    /// <summary>The driver's native error number of the first error.</summary>
    public int NativeError { get; }
}
