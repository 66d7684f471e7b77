using System.Collections;
using System.Reflection;
using System.Text;

namespace ApiKeys.Application.Tests.Fakes;

/// <summary>
/// Every field of every stored object, read by reflection into one string. Handlers change the stored objects
/// themselves (the fakes hand them out, as EF Core's tracked entities), so comparing two fingerprints around a request
/// shows whether it changed state, whatever a test reads afterwards.
/// </summary>
public static class StoreFingerprint
{
    private const BindingFlags Fields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static string Of(InMemoryStore store)
    {
        var text = new StringBuilder();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var list in new IEnumerable[] { store.Organizations, store.Apps, store.Members, store.Keys, store.AuditEvents })
        {
            Write(text, list, seen, 0);
            text.Append('\n');
        }

        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value, HashSet<object> seen, int depth)
    {
        if (value is null)
        {
            text.Append("null");
            return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string or decimal or Guid or DateTimeOffset or DateTime or TimeSpan)
        {
            text.Append(value switch { DateTimeOffset d => d.UtcTicks.ToString(), _ => value.ToString() });
            return;
        }

        if (depth > 32 || (!type.IsValueType && !seen.Add(value)))
        {
            text.Append('^');
            return;
        }

        if (value is IEnumerable items)
        {
            text.Append('[');
            foreach (var item in items)
            {
                Write(text, item, seen, depth + 1);
                text.Append(',');
            }

            text.Append(']');
            return;
        }

        text.Append(type.Name).Append('{');
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(Fields))
            {
                if (typeof(Delegate).IsAssignableFrom(field.FieldType))
                {
                    continue;
                }

                text.Append(field.Name).Append('=');
                Write(text, field.GetValue(value), seen, depth + 1);
                text.Append(';');
            }
        }

        text.Append('}');
    }
}
