using System.Buffers;
using System.Globalization;
using System.Text;

namespace Warden.Gateway.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4 as UTF-8: <c># HELP</c> and
/// <c># TYPE</c> once per metric family, then its samples
/// <c>name{label="value",...} number</c>, one per line, each line ending in <c>\n</c>. Label
/// values escape backslash, double quote and line feed; HELP text escapes backslash and line
/// feed; numbers use the shortest round-trip form, with <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>.
/// The caller keeps each family's samples together, as the format requires.
/// </summary>
internal sealed class PrometheusTextWriter
{
    /// <summary>The Content-Type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly IBufferWriter<byte> _output;

    /// <summary>Writes into <paramref name="output"/>.</summary>
    public PrometheusTextWriter(IBufferWriter<byte> output)
    {
        _output = output;
    }

    /// <summary>Starts a metric family: its HELP and TYPE lines.</summary>
    /// <param name="name">Metric name (for a histogram, without the _bucket/_sum/_count suffixes).</param>
    /// <param name="type"><c>counter</c>, <c>gauge</c> or <c>histogram</c>.</param>
    /// <param name="help">One-line description.</param>
    public void Family(string name, string type, string help)
    {
        Raw("# HELP ");
        Raw(name);
        Raw(" ");
        Escaped(help, escapeQuote: false);
        Raw("\n# TYPE ");
        Raw(name);
        Raw(" ");
        Raw(type);
        Raw("\n");
    }

    /// <summary>Writes one sample with an integer value.</summary>
    public void Sample(string name, ReadOnlySpan<MetricLabel> labels, long value)
    {
        Head(name, labels);
        var span = _output.GetSpan(24);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _output.Advance(written);
        Raw("\n");
    }

    /// <summary>Writes one sample with a floating-point value.</summary>
    public void Sample(string name, ReadOnlySpan<MetricLabel> labels, double value)
    {
        Head(name, labels);
        if (double.IsFinite(value))
        {
            Span<char> text = stackalloc char[32];
            value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
            Raw(text[..written]);
        }
        else
        {
            Raw(Format(value));
        }

        Raw("\n");
    }

    /// <summary>A number as the format writes it.</summary>
    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private void Head(string name, ReadOnlySpan<MetricLabel> labels)
    {
        Raw(name);
        if (labels.IsEmpty)
        {
            Raw(" ");
            return;
        }

        Raw("{");
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                Raw(",");
            }

            Raw(labels[i].Name);
            Raw("=\"");
            Escaped(labels[i].Value, escapeQuote: true);
            Raw("\"");
        }

        Raw("} ");
    }

    private void Escaped(string text, bool escapeQuote)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '"' when escapeQuote => "\\\"",
                _ => null,
            };
            if (replacement is not null)
            {
                Raw(text.AsSpan(start, i - start));
                Raw(replacement);
                start = i + 1;
            }
        }

        Raw(text.AsSpan(start));
    }

    private void Raw(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = _output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span);
        _output.Advance(written);
    }
}
