using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

/// <summary>The names EF knows the key's private grant fields by, for the queries that filter on them.</summary>
internal static class ApiKeyColumns
{
    public const string Mode = "_mode";
    public const string OrgRole = "_orgRole";
    public const string ProjectId = "_projectId";
    public const string AppRoles = "_appRoles";
    public const string LimitedToApps = "_limitedToApps";
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(Names.MaxLength).IsRequired();
        builder.Property(k => k.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.CreatedByUserId).HasMaxLength(Member.UserIdMaxLength);
        builder.Property(k => k.CreatedByKeyId).HasMaxLength(64);
        builder.Property(k => k.DeviceName).HasMaxLength(ApiKey.DeviceNameMaxLength);
        builder.Property(k => k.Source).HasMaxLength(ApiKey.SourceMaxLength);
        builder.Property(k => k.Version).IsConcurrencyToken();
        builder.Ignore(k => k.IsRevoked);

        // The grant: the key's private fields, on the columns they always had (see ApiKey.GrantColumns.cs).
        builder.Ignore(k => k.Grant);
        builder.Property<LegacyMode?>(ApiKeyColumns.Mode).HasColumnName("Mode").HasConversion<string>().HasMaxLength(16);
        builder.Property<string?>(ApiKeyColumns.OrgRole).HasColumnName("OrgRole").HasMaxLength(32);
        builder.Property<string?>(ApiKeyColumns.ProjectId).HasColumnName("ProjectId").HasMaxLength(App.AppIdMaxLength);
        builder.Property<List<AppRoleBinding>>(ApiKeyColumns.AppRoles).AsJsonList("AppRoles");
        builder.Property<List<string>>("_scopes").AsJsonList("Scopes");
        builder.Property<List<string>>(ApiKeyColumns.LimitedToApps).AsJsonList("LimitedToApps");
        builder.Property<List<string>>("_limitedToOrgs").AsJsonList("LimitedToOrgs");

        // The secret, an owned value on the same row. The token's public prefix finds its row; during a grace
        // period the old prefix does too.
        builder.OwnsOne(k => k.Secret, secret =>
        {
            secret.Property(s => s.KeyPrefix).HasColumnName("KeyPrefix").HasMaxLength(ApiKeyToken.KeyPrefixLength).IsFixedLength().IsRequired();
            secret.Property(s => s.SecretHash).HasColumnName("SecretHash").HasMaxLength(ApiKey.HashMaxLength).IsRequired();
            secret.Property(s => s.EncryptedToken).HasColumnName("EncryptedToken").HasMaxLength(ApiKey.EncryptedTokenMaxLength);
            secret.Property(s => s.PreviousKeyPrefix).HasColumnName("PreviousKeyPrefix").HasMaxLength(ApiKeyToken.KeyPrefixLength).IsFixedLength();
            secret.Property(s => s.PreviousSecretHash).HasColumnName("PreviousSecretHash").HasMaxLength(ApiKey.HashMaxLength);
            secret.Property(s => s.PreviousSecretExpiresAt).HasColumnName("PreviousSecretExpiresAt");
            secret.Property(s => s.SecretDigest).HasColumnName("SecretDigest").HasMaxLength(ApiKey.DigestMaxLength);
            secret.Property(s => s.PreviousSecretDigest).HasColumnName("PreviousSecretDigest").HasMaxLength(ApiKey.DigestMaxLength);
            secret.Property(s => s.RotatedAt).HasColumnName("LastRegeneratedAt");
            secret.HasIndex(s => s.KeyPrefix).IsUnique();
            secret.HasIndex(s => s.PreviousKeyPrefix).IsUnique();
        });
        builder.Navigation(k => k.Secret).IsRequired();

        // The list's sorts and filters (docs/api.md §4), each from an index also at millions of keys.
        builder.HasIndex(k => new { k.OrganizationId, k.CreatedAt, k.Id });

        // state=revoked newest first: the revoked keys alone, in order, however few or many among the live ones.
        // Quoted as every provider reads it (SQL Server with QUOTED_IDENTIFIER on, its default).
        builder.HasIndex(k => new { k.OrganizationId, k.CreatedAt, k.Id }, "IX_api_keys_revoked").HasFilter("\"RevokedAt\" IS NOT NULL");
        builder.HasIndex(k => new { k.OrganizationId, k.Name, k.Id });
        builder.HasIndex(k => new { k.OrganizationId, k.LastUsedAt, k.Id });
        builder.HasIndex(k => new { k.OrganizationId, k.ExpiresAt });
        builder.HasIndex(k => new { k.OrganizationId, k.CreatedByUserId, k.CreatedAt });
        builder.HasIndex(k => new { k.OrganizationId, k.CreatedByKeyId, k.CreatedAt });
        builder.HasIndex(nameof(ApiKey.OrganizationId), ApiKeyColumns.OrgRole, nameof(ApiKey.CreatedAt));
        builder.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
