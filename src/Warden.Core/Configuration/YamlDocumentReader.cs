using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Warden.Core.Configuration;

/// <summary>
/// Reads one YAML document into <see cref="ConfigNode"/>s with their positions. Invalid YAML
/// becomes one <see cref="ConfigError"/> at the parser's position.
/// </summary>
internal static class YamlDocumentReader
{
    // Deep enough for any real configuration file, shallow enough that hostile nesting cannot
    // overflow the stack of the recursive walk below.
    private const int MaxDepth = 64;

    private const string WellFormed =
        "well-formed YAML; check the indentation, quotes and brackets at or just before this position";

    /// <summary>
    /// Reads <paramref name="text"/>. Returns null for a file with no document (empty, or only
    /// comments) and when the YAML is invalid; in the second case the error is in <paramref name="log"/>.
    /// </summary>
    public static ConfigNode? Read(TextReader text, ConfigErrorLog log)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var parser = new Parser(text);
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
            var root = ReadNode(parser, anchors, log, depth: 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                // The rest of the file is not read: one file holds one configuration.
                log.Add(
                    second.Start.Line,
                    second.Start.Column,
                    string.Empty,
                    "a second YAML document starts here",
                    "one document per file; remove the '---' line and merge the two, or split them into two files");
            }

            return root;
        }
        catch (YamlException e)
        {
            log.Add(e.Start.Line, e.Start.Column, string.Empty, $"invalid YAML: {e.Message.TrimEnd('.')}", WellFormed);
            return null;
        }
    }

    private static ConfigNode ReadNode(IParser parser, Dictionary<string, ConfigNode> anchors, ConfigErrorLog log, int depth)
    {
        if (depth > MaxDepth)
        {
            var at = parser.Current!.Start;
            throw new YamlException(at, at, $"nesting deeper than {MaxDepth} levels");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (anchors.TryGetValue(alias.Value.Value, out var target))
            {
                return target;
            }

            log.Add(
                alias.Start.Line,
                alias.Start.Column,
                string.Empty,
                $"alias *{alias.Value.Value} refers to no anchor",
                $"an anchor &{alias.Value.Value} defined earlier in the file");
            return new ConfigScalar(string.Empty, isQuoted: false, tag: null, alias.Start.Line, alias.Start.Column);
        }

        ConfigNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            // A tag ("!!int 4", "!!str 4") changes what the value is: it is kept so messages can name it.
            var quoted = scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any);
            node = new ConfigScalar(scalar.Value, quoted, scalar.Tag.IsEmpty ? null : scalar.Tag.Value, scalar.Start.Line, scalar.Start.Column);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            anchor = sequenceStart.Anchor;
            var items = new List<ConfigNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, anchors, log, depth + 1));
            }

            node = new ConfigSequence(items, sequenceStart.Start.Line, sequenceStart.Start.Column);
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            anchor = mappingStart.Anchor;
            var entries = new List<KeyValuePair<ConfigNode, ConfigNode>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors, log, depth + 1);
                var value = ReadNode(parser, anchors, log, depth + 1);
                entries.Add(new(key, value));
            }

            node = new ConfigMapping(entries, mappingStart.Start.Line, mappingStart.Start.Column);
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }
}
