using Warden.Access;

namespace Warden.Api;

/// <summary>
/// One endpoint of <c>/api/v1</c> and the role it needs. <see cref="ApiEndpoints.All"/> is the one
/// list the endpoints are mapped from and the authorisation matrix test is generated from, so an
/// endpoint cannot exist without a rule.
/// </summary>
/// <param name="Method">GET, POST, …</param>
/// <param name="Path">The route pattern under the server, e.g. <c>/api/v1/cycles/{id}</c>.</param>
/// <param name="Needs">The least role that may call it (<see cref="Roles.Permits"/>).</param>
/// <param name="Summary">One line for the OpenAPI document and docs/api.md.</param>
internal sealed record ApiRoute(string Method, string Path, Role Needs, string Summary);
