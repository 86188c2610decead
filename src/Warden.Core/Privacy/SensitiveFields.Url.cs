namespace Warden.Core.Privacy;

internal sealed partial class SensitiveFields
{
    /// <summary>
    /// <paramref name="url"/> with its userinfo (<c>http://user:pass@host</c>) replaced by
    /// <see cref="Marker"/> and the value of every secret or configured query parameter masked
    /// (<see cref="MaskQuery"/>); the rest as written.
    /// </summary>
    public string MaskUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var authorityStart = schemeEnd + 3;
            var authorityEnd = text.IndexOfAny(['/', '?', '#'], authorityStart);
            if (authorityEnd < 0)
            {
                authorityEnd = text.Length;
            }

            var at = text.AsSpan(authorityStart, authorityEnd - authorityStart).LastIndexOf('@');
            if (at >= 0)
            {
                text = string.Concat(text.AsSpan(0, authorityStart), Marker, text.AsSpan(authorityStart + at));
            }
        }

        var query = text.IndexOf('?');
        if (query < 0)
        {
            return text;
        }

        var fragment = text.IndexOf('#', query);
        var end = fragment < 0 ? text.Length : fragment;
        return string.Concat(text.AsSpan(0, query + 1), MaskQuery(text[(query + 1)..end]), text.AsSpan(end));
    }

    /// <summary>
    /// A query string (without its <c>?</c>) with the value of every parameter whose decoded name
    /// is secret-looking (<c>token</c>, <c>password</c>, <c>sig</c>, ...) or configured replaced by
    /// <see cref="Marker"/>; names, order and the other values as written.
    /// </summary>
    public string MaskQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length == 0)
        {
            return query;
        }

        var parts = query.Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            var name = Uri.UnescapeDataString(parts[i][..equals].Replace('+', ' '));
            if (IsSecretParameter(name))
            {
                parts[i] = string.Concat(parts[i].AsSpan(0, equals + 1), Marker);
            }
        }

        return string.Join('&', parts);
    }
}
