using Microsoft.AspNetCore.Http;

namespace Warden.Api;

/// <summary>
/// RFC 9457 problem details for every refusal and error of <c>/api/v1</c>: a type, a title, the
/// status, and a detail that says what to do, in the CLI's wording.
/// </summary>
internal static class ApiProblems
{
    /// <summary>Writes a problem (status, title, detail) as <c>application/problem+json</c>.</summary>
    public static IResult Of(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>400 for bad input: the field and the fix.</summary>
    public static IResult BadInput(string detail) => Of(StatusCodes.Status400BadRequest, "Bad input", detail);

    /// <summary>404 for a resource that does not exist.</summary>
    public static IResult NotFound(string detail) => Of(StatusCodes.Status404NotFound, "Not found", detail);
}
