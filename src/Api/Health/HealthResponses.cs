using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ApiKeys.Api.Health;

/// <summary><c>/health/ready</c>'s body: the overall status and each check's status and description (never an exception).</summary>
public static class HealthResponses
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new Dictionary<string, object>
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new Dictionary<string, string?> { ["status"] = entry.Value.Status.ToString(), ["description"] = entry.Value.Description },
                StringComparer.Ordinal),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
