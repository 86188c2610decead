using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Warden.Core.Telemetry;

/// <summary>
/// Decides which requests count as errors: a set of HTTP status codes (whole classes such as
/// <c>5xx</c> and single codes such as <c>429</c>) and, optionally, records whose <c>ok</c> flag
/// is <see langword="false"/>. Written on the command line as a spec like <c>5xx,429,ok</c>.
/// </summary>
public sealed record ErrorClassifier
{
    private const string Accepted =
        "a comma-separated list of status classes (1xx–5xx), status codes (100–599) and the word ok (ok:false counts as an error), e.g. 5xx,429,ok";

    // Indexed by status code; codes outside 100–599 are never errors by status.
    private readonly bool[] _errorStatus;
    private readonly bool _okFalseIsError;

    private ErrorClassifier(bool[] errorStatus, bool okFalseIsError, string spec)
    {
        _errorStatus = errorStatus;
        _okFalseIsError = okFalseIsError;
        Spec = spec;
    }

    /// <summary>The default: any 5xx status, or <c>ok</c> is false (spec <c>5xx,ok</c>).</summary>
    public static ErrorClassifier Default { get; } = Create([5], [], okFalseIsError: true);

    /// <summary>
    /// The normalized spec: status classes ascending, then single codes ascending that no class
    /// already covers, then <c>ok</c>; lowercase, no spaces, no duplicates.
    /// </summary>
    public string Spec { get; }

    /// <summary>True when <paramref name="r"/> counts as an error under this classifier.</summary>
    public bool IsError(in RequestRecord r) =>
        ((uint)r.Status < (uint)_errorStatus.Length && _errorStatus[r.Status])
        || (_okFalseIsError && r.Ok == false);

    /// <summary>
    /// Parses a spec such as <c>5xx</c>, <c>4xx,5xx</c>, <c>5xx,429</c> or <c>5xx,429,ok</c>
    /// (case and spaces around entries are ignored).
    /// </summary>
    /// <param name="spec">The spec as the user wrote it.</param>
    /// <param name="classifier">The classifier when the spec is valid.</param>
    /// <param name="error">When invalid: which entry is wrong and the accepted forms.</param>
    /// <returns><see langword="true"/> when <paramref name="spec"/> is valid.</returns>
    public static bool TryParse(
        string spec,
        [MaybeNullWhen(false)] out ErrorClassifier classifier,
        [NotNullWhen(false)] out string? error)
    {
        classifier = null;
        if (string.IsNullOrWhiteSpace(spec))
        {
            error = $"The error spec is empty; expected {Accepted}.";
            return false;
        }

        var classes = new SortedSet<int>();
        var codes = new SortedSet<int>();
        var okFalseIsError = false;
        foreach (var part in spec.Split(','))
        {
            var token = part.Trim();
            if (token.Equals("ok", StringComparison.OrdinalIgnoreCase))
            {
                okFalseIsError = true;
            }
            else if (token.Length == 3 && token[0] is >= '1' and <= '5' && (token[1] | 0x20) == 'x' && (token[2] | 0x20) == 'x')
            {
                classes.Add(token[0] - '0');
            }
            else if (token.Length == 3 && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                if (code is < 100 or > 599)
                {
                    error = $"Error spec \"{spec}\": {code} is not an HTTP status code (100–599); expected {Accepted}.";
                    return false;
                }

                codes.Add(code);
            }
            else
            {
                var what = token.Length == 0 ? "an empty entry" : $"\"{token}\"";
                error = $"Error spec \"{spec}\": {what} is not a status class, status code or ok; expected {Accepted}.";
                return false;
            }
        }

        classifier = Create(classes, codes, okFalseIsError);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ErrorClassifier? other) => other is not null && string.Equals(Spec, other.Spec, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => Spec.GetHashCode(StringComparison.Ordinal);

    /// <summary>The normalized <see cref="Spec"/>.</summary>
    public override string ToString() => Spec;

    private static ErrorClassifier Create(IEnumerable<int> classes, IEnumerable<int> codes, bool okFalseIsError)
    {
        var errorStatus = new bool[600];
        var spec = new StringBuilder();
        foreach (var c in classes)
        {
            Array.Fill(errorStatus, true, c * 100, 100);
            Append(spec, string.Create(CultureInfo.InvariantCulture, $"{c}xx"));
        }

        foreach (var code in codes)
        {
            if (!errorStatus[code])
            {
                errorStatus[code] = true;
                Append(spec, code.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (okFalseIsError)
        {
            Append(spec, "ok");
        }

        return new ErrorClassifier(errorStatus, okFalseIsError, spec.ToString());
    }

    private static void Append(StringBuilder spec, string entry)
    {
        if (spec.Length > 0)
        {
            spec.Append(',');
        }

        spec.Append(entry);
    }
}
