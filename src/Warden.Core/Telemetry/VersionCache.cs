using System.Text;
using System.Text.Unicode;

namespace Warden.Core.Telemetry;

/// <summary>
/// Interns model version strings by their UTF-8 bytes. A telemetry file names only a few
/// versions across millions of lines, so a short linear scan returns the same string instance
/// without allocating one per line. Versions beyond <see cref="Capacity"/> are still read
/// correctly, just allocated each time.
/// </summary>
internal sealed class VersionCache
{
    private const int Capacity = 32;

    private readonly byte[][] _keys = new byte[Capacity][];
    private readonly string[] _values = new string[Capacity];
    private int _count;
    private int _last;

    /// <summary>The string for <paramref name="utf8"/>, or <see langword="null"/> when the bytes are not valid UTF-8.</summary>
    public string? Get(ReadOnlySpan<byte> utf8)
    {
        // Files usually run the same version for many lines; try the previous hit first.
        if (_count > 0 && utf8.SequenceEqual(_keys[_last]))
        {
            return _values[_last];
        }

        for (var i = 0; i < _count; i++)
        {
            if (utf8.SequenceEqual(_keys[i]))
            {
                _last = i;
                return _values[i];
            }
        }

        if (!Utf8.IsValid(utf8))
        {
            return null;
        }

        var value = Encoding.UTF8.GetString(utf8);
        if (_count < Capacity)
        {
            _keys[_count] = utf8.ToArray();
            _values[_count] = value;
            _last = _count;
            _count++;
        }

        return value;
    }
}
