using System.Buffers;
using System.Text;
using Warden.Gateway.Metrics;

namespace Warden.Gateway.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Sample_LabelValueWithBackslashQuoteNewline_IsEscaped()
    {
        var text = Write(w =>
        {
            w.Family("x_total", "counter", "Help with \\ and\nnewline and \"quotes\".");
            w.Sample("x_total", [new("a", "back\\slash \"quoted\"\nline"), new("b", "ü")], 3L);
        });

        Assert.Equal(
            "# HELP x_total Help with \\\\ and\\nnewline and \"quotes\".\n# TYPE x_total counter\nx_total{a=\"back\\\\slash \\\"quoted\\\"\\nline\",b=\"ü\"} 3\n",
            text);
    }

    [Fact]
    public void Sample_NoLabels_NameSpaceValue()
    {
        Assert.Equal("up 1\n", Write(w => w.Sample("up", [], 1L)));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.0, "0")]
    [InlineData(0.025, "0.025")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(123456789.0, "123456789")]
    public void Format_Number_ShortestRoundTripOrSpecialWord(double value, string expected)
    {
        Assert.Equal(expected, PrometheusTextWriter.Format(value));
    }

    private static string Write(Action<PrometheusTextWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new PrometheusTextWriter(buffer));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
