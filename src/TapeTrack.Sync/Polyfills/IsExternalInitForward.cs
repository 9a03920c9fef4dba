#if NET5_0_OR_GREATER
using System.Runtime.CompilerServices;

// The netstandard2.0 build defines IsExternalInit itself (PolySharp), and every init accessor of its public API
// (records, AuditQuery, Repository, StoreUser, StoreServerSession.Origin) carries that type in its signature. A
// netstandard2.0 plug-in compiled against it and run on .NET gets this build instead: the forwarder sends the
// plug-in's reference to the runtime's IsExternalInit, so the signatures match (no MissingMethodException).
[assembly: TypeForwardedTo(typeof(IsExternalInit))]
#endif
