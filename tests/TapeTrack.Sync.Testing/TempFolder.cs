using System;
using System.IO;

namespace TapeTrack.Sync.Testing;

/// <summary>A folder of its own under the system's temp folder for one test, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tapetrack-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The path of a file in the folder.</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>The path of a file in the folder.</summary>
    public string File(string name) => this[name];

    /// <summary>Writes a text file into the folder and gives its path.</summary>
    public string Write(string name, string text)
    {
        string path = this[name];
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open: the temp folder is the system's to clean
        }
    }
}
