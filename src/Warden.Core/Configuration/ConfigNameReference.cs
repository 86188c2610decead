namespace Warden.Core.Configuration;

/// <summary>
/// A mapping of names the user chooses in one section whose names must be declared by a mapping
/// of another section, e.g. the services of <c>rollout.services</c> by <c>gateway.services</c>.
/// <see cref="ConfigFileLoader"/> checks it after every section is read, on the document itself,
/// so each error stands at the name as written; a section never needs another's types for it.
/// </summary>
/// <param name="Path">Dotted path of the mapping whose keys refer to names, e.g. <c>rollout.services</c>.</param>
/// <param name="Target">Dotted path of the mapping whose keys declare the names, e.g. <c>gateway.services</c>.</param>
/// <param name="Noun">What a name names, for messages, e.g. <c>service</c>.</param>
internal sealed record ConfigNameReference(string Path, string Target, string Noun);
