using System.Text.Json;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ApiKeys.Infrastructure.Persistence.KeyIndex;

/// <summary>
/// Keeps a key's index rows (<see cref="ApiKeyAppLink"/>, <see cref="ApiKeyMetaField"/>, <see cref="ApiKeySearchText"/>) equal to the key in the same
/// save, so in the same transaction: a created key gets its rows, a changed grant or meta adds and deletes only the
/// difference, a deleted key loses them by cascade. No handler can forget it.
/// </summary>
public sealed class KeyIndexWriter : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Write(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Write(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Write(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var entries = context.ChangeTracker.Entries<ApiKey>().ToList();

        // Entries() has just detected the changes; Local would detect them again at every look-up, once per key
        // of a save that changes thousands (deleting an app).
        var autoDetect = context.ChangeTracker.AutoDetectChangesEnabled;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in entries)
            {
                switch (entry.State)
                {
                    case EntityState.Added:
                        Sync(context, entry.Entity, [], AppsOf(entry.CurrentValues), [], MetaOf(entry.Entity.MetaJson));
                        context.Set<ApiKeySearchText>().Add(ApiKeySearchText.Of(entry.Entity));
                        break;
                    case EntityState.Modified:
                        if (GrantOrMetaModified(entry))
                        {
                            Sync(context, entry.Entity, AppsOf(entry.OriginalValues), AppsOf(entry.CurrentValues), MetaOf(entry.OriginalValues.GetValue<string?>(nameof(ApiKey.MetaJson))), MetaOf(entry.Entity.MetaJson));
                        }

                        if (SearchTextMayHaveChanged(entry))
                        {
                            WriteSearchText(context, entry.Entity);
                        }

                        break;
                }
            }
        }
        finally
        {
            context.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private static bool GrantOrMetaModified(EntityEntry<ApiKey> entry) =>
        entry.Property(nameof(ApiKey.MetaJson)).IsModified
        || entry.Property(ApiKeyColumns.AppRoles).IsModified
        || entry.Property(ApiKeyColumns.LimitedToApps).IsModified
        || entry.Property(ApiKeyColumns.ProjectId).IsModified;

    /// <summary>
    /// A renamed key, or one whose secret was replaced: <see cref="ApiKey.Regenerate"/> gives it a new prefix (EF sees
    /// the replaced owned secret as added, so revoking or rehashing rewrites the same text: one narrow row, rarely).
    /// </summary>
    private static bool SearchTextMayHaveChanged(EntityEntry<ApiKey> entry) =>
        entry.Property(nameof(ApiKey.Name)).IsModified
        || entry.Reference(k => k.Secret).TargetEntry is { } secret
            && (secret.State == EntityState.Added || secret.Property(nameof(SecretRotation.KeyPrefix)).IsModified);

    private static void WriteSearchText(DbContext context, ApiKey key)
    {
        var text = ApiKeySearchText.Of(key);
        var texts = context.Set<ApiKeySearchText>();
        // Attached with empty texts, so that setting the real ones below marks them changed.
        var row = texts.Local.FindEntryUntyped([key.Id])
            ?? texts.Attach(new ApiKeySearchText { ApiKeyId = key.Id, OrganizationId = key.OrganizationId, CreatedAt = key.CreatedAt, Name = string.Empty, Prefix = string.Empty });
        row.Entity.Name = text.Name;
        row.Entity.Prefix = text.Prefix;
        row.DetectChanges();
    }

    private static void Sync(DbContext context, ApiKey key, HashSet<string> appsBefore, HashSet<string> appsAfter, Dictionary<string, string> metaBefore, Dictionary<string, string> metaAfter)
    {
        var links = context.Set<ApiKeyAppLink>();
        foreach (var appId in appsBefore.Except(appsAfter))
        {
            Delete(links, new ApiKeyAppLink { ApiKeyId = key.Id, OrganizationId = key.OrganizationId, AppId = appId }, [key.Id, appId]);
        }

        foreach (var appId in appsAfter.Except(appsBefore))
        {
            links.Add(new ApiKeyAppLink { ApiKeyId = key.Id, OrganizationId = key.OrganizationId, AppId = appId });
        }

        var fields = context.Set<ApiKeyMetaField>();
        foreach (var (field, value) in metaBefore)
        {
            if (!metaAfter.TryGetValue(field, out var now))
            {
                Delete(fields, new ApiKeyMetaField { ApiKeyId = key.Id, OrganizationId = key.OrganizationId, Field = field, Value = value }, [key.Id, field]);
            }
            else if (now != value)
            {
                var row = fields.Local.FindEntryUntyped([key.Id, field]) ?? fields.Attach(new ApiKeyMetaField { ApiKeyId = key.Id, OrganizationId = key.OrganizationId, Field = field, Value = value });
                row.Entity.Value = now;
                row.DetectChanges();
            }
        }

        foreach (var (field, value) in metaAfter.Where(f => !metaBefore.ContainsKey(f.Key)))
        {
            fields.Add(new ApiKeyMetaField { ApiKeyId = key.Id, OrganizationId = key.OrganizationId, Field = field, Value = value });
        }
    }

    private static void Delete<T>(DbSet<T> rows, T stub, object[] keyValues)
        where T : class
    {
        // A row read earlier in this context is tracked already: delete that one, not a second instance.
        if (rows.Local.FindEntryUntyped(keyValues) is { } tracked)
        {
            tracked.State = tracked.State == EntityState.Added ? EntityState.Detached : EntityState.Deleted;
            return;
        }

        rows.Attach(stub).State = EntityState.Deleted;
    }

    private static HashSet<string> AppsOf(PropertyValues values)
    {
        var apps = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in values.GetValue<List<AppRoleBinding>>(ApiKeyColumns.AppRoles))
        {
            apps.Add(binding.AppId);
        }

        apps.UnionWith(values.GetValue<List<string>>(ApiKeyColumns.LimitedToApps));
        if (values.GetValue<string?>(ApiKeyColumns.ProjectId) is { } projectId)
        {
            apps.Add(projectId);
        }

        return apps;
    }

    /// <summary>The indexable top-level string fields of stored meta (<see cref="ApiKeyMetaField.Indexable"/>).</summary>
    private static Dictionary<string, string> MetaOf(string? metaJson)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metaJson is null)
        {
            return fields;
        }

        using var document = JsonDocument.Parse(metaJson);
        foreach (var field in document.RootElement.EnumerateObject())
        {
            if (field.Value.ValueKind == JsonValueKind.String && field.Value.GetString() is { } value && ApiKeyMetaField.Indexable(field.Name, value))
            {
                fields[field.Name] = value;
            }
        }

        return fields;
    }
}
