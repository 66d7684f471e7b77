using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.Persistence.KeyIndex;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyAppLinkConfiguration : IEntityTypeConfiguration<ApiKeyAppLink>
{
    public void Configure(EntityTypeBuilder<ApiKeyAppLink> builder)
    {
        builder.ToTable("api_key_apps");
        builder.HasKey(l => new { l.ApiKeyId, l.AppId });
        builder.Property(l => l.AppId).HasMaxLength(App.AppIdMaxLength);
        builder.HasIndex(l => new { l.OrganizationId, l.AppId, l.ApiKeyId });
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(l => l.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
