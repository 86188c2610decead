namespace Warden.Gateway.Routing;

/// <summary>One reason a route change was refused.</summary>
/// <param name="Field">The admin API field it concerns: <c>production</c>, <c>shadow</c>, <c>canary</c>, <c>canary_weight</c>, or the body as a whole (empty).</param>
/// <param name="Message">What is wrong, with the current value and the accepted ones.</param>
internal sealed record RouteProblem(string Field, string Message);
