namespace Warden.Gateway.Forwarding;

/// <summary>
/// One allowed path shape under a service, e.g. <c>/v2/models/{name}/infer</c>: literal segments
/// match exactly (case-sensitive), <c>{name}</c> matches any one non-empty segment, and a last
/// <c>{**rest}</c> matches any number of segments, none included. <c>/</c> alone matches the
/// service's root.
/// </summary>
internal sealed class PathPattern
{
    /// <summary>What a pattern may be, for error messages.</summary>
    public const string Expected = "a path starting with /, of literal segments, {name} for any one segment and an optional last {**rest} for any number, e.g. /v2/models/{name}/infer";

    // A null entry matches any one non-empty segment.
    private readonly string?[] _segments;
    private readonly bool _catchAll;

    private PathPattern(string text, string?[] segments, bool catchAll)
    {
        Text = text;
        _segments = segments;
        _catchAll = catchAll;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="problem"/> saying what is wrong.</summary>
    public static PathPattern? TryParse(string text, out string? problem)
    {
        problem = null;
        if (text.Length == 0 || text[0] != '/')
        {
            problem = "does not start with /";
            return null;
        }

        if (text.AsSpan().IndexOfAny("?#% \\") is var bad and >= 0)
        {
            problem = $"has '{text[bad]}', which a path pattern cannot hold (no query, fragment, escapes, spaces or backslashes)";
            return null;
        }

        if (text == "/")
        {
            return new PathPattern(text, [], catchAll: false);
        }

        var parts = text[1..].Split('/');
        var segments = new List<string?>(parts.Length);
        var catchAll = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                problem = "has an empty segment ('//' or a trailing '/')";
                return null;
            }

            if (part is "." or "..")
            {
                problem = $"has the segment '{part}'";
                return null;
            }

            if (part.StartsWith("{**", StringComparison.Ordinal) && part.EndsWith('}') && IsParameterName(part.AsSpan(3, part.Length - 4)))
            {
                if (i != parts.Length - 1)
                {
                    problem = $"has {part} before its end; a {{**...}} segment must come last";
                    return null;
                }

                catchAll = true;
                continue;
            }

            if (part.StartsWith('{') && part.EndsWith('}') && IsParameterName(part.AsSpan(1, part.Length - 2)))
            {
                segments.Add(null);
                continue;
            }

            if (part.Contains('{') || part.Contains('}'))
            {
                problem = $"has the segment '{part}'; a parameter is a whole segment, {{name}} or a last {{**name}}, with a name of letters, digits and '_'";
                return null;
            }

            segments.Add(part);
        }

        return new PathPattern(text, [.. segments], catchAll);
    }

    /// <summary>
    /// True when <paramref name="path"/> (the decoded path after <c>/{service}</c>; empty for the
    /// service alone) has this shape.
    /// </summary>
    public bool Matches(ReadOnlySpan<char> path)
    {
        if (path.Length == 0 || path is "/")
        {
            return _segments.Length == 0;
        }

        if (path[0] != '/')
        {
            return false;
        }

        var rest = path[1..];
        var index = 0;
        while (true)
        {
            if (index == _segments.Length)
            {
                return _catchAll;
            }

            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            var expected = _segments[index];
            if (segment.Length == 0 || (expected is not null && !segment.SequenceEqual(expected)))
            {
                return false;
            }

            index++;
            if (slash < 0)
            {
                return index == _segments.Length;
            }

            rest = rest[(slash + 1)..];
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool IsParameterName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
