using Microsoft.AspNetCore.Http;

namespace ApiKeys.Api.Routing;

/// <summary>
/// A list route's filters as the query string sent them, for the handler to read and refuse: the named ones the
/// action binds (so the OpenAPI document lists them), every <c>meta.&lt;field&gt;</c> and every name the route does
/// not know. A name sent twice appears twice (model binding alone would keep the first silently).
/// </summary>
internal static class ListFilters
{
    public static IReadOnlyList<KeyValuePair<string, string>> From(IQueryCollection query, IReadOnlyCollection<string> bound, params (string Name, string? Value)[] named)
    {
        var filters = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in named)
        {
            // Binding makes an empty value null: the handler still sees that it was sent.
            if (value is not null || query.ContainsKey(name))
            {
                filters.AddRange(Enumerable.Repeat(KeyValuePair.Create(name, value ?? string.Empty), Math.Max(1, query[name].Count)));
            }
        }

        foreach (var (name, values) in query)
        {
            if (!bound.Contains(name) && !named.Any(n => n.Name == name))
            {
                filters.AddRange(values.Select(v => KeyValuePair.Create(name, v ?? string.Empty)));
            }
        }

        return filters;
    }
}
