using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(Names.MaxLength).IsRequired();
        builder.Property(k => k.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.Mode).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.OrgRole).HasMaxLength(32);
        builder.Property(k => k.ProjectId).HasMaxLength(App.AppIdMaxLength);
        builder.Property(k => k.KeyPrefix).HasMaxLength(ApiKeyToken.KeyPrefixLength).IsFixedLength().IsRequired();
        builder.Property(k => k.PreviousKeyPrefix).HasMaxLength(ApiKeyToken.KeyPrefixLength).IsFixedLength();
        builder.Property(k => k.SecretHash).HasMaxLength(ApiKey.HashMaxLength).IsRequired();
        builder.Property(k => k.PreviousSecretHash).HasMaxLength(ApiKey.HashMaxLength);
        builder.Property(k => k.EncryptedToken).HasMaxLength(ApiKey.EncryptedTokenMaxLength);
        builder.Property(k => k.CreatedByUserId).HasMaxLength(Member.UserIdMaxLength);
        builder.Property(k => k.CreatedByKeyId).HasMaxLength(64);
        builder.Property(k => k.DeviceName).HasMaxLength(ApiKey.DeviceNameMaxLength);
        builder.Property(k => k.Source).HasMaxLength(ApiKey.SourceMaxLength);
        builder.Property(k => k.Version).IsConcurrencyToken();

        builder.Ignore(k => k.AppRoles);
        builder.Ignore(k => k.Scopes);
        builder.Ignore(k => k.LimitedToApps);
        builder.Ignore(k => k.LimitedToOrgs);
        builder.Ignore(k => k.IsRevoked);
        builder.Property<List<AppRoleBinding>>("_appRoles").AsJsonList("AppRoles");
        builder.Property<List<string>>("_scopes").AsJsonList("Scopes");
        builder.Property<List<string>>("_limitedToApps").AsJsonList("LimitedToApps");
        builder.Property<List<string>>("_limitedToOrgs").AsJsonList("LimitedToOrgs");

        // The token's public prefix finds its row; during a grace period the old prefix does too.
        builder.HasIndex(k => k.KeyPrefix).IsUnique();
        builder.HasIndex(k => k.PreviousKeyPrefix).IsUnique();
        builder.HasIndex(k => new { k.OrganizationId, k.CreatedAt, k.Id });
        builder.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
