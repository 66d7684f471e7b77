using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence.KeyIndex;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeySearchTextConfiguration : IEntityTypeConfiguration<ApiKeySearchText>
{
    public void Configure(EntityTypeBuilder<ApiKeySearchText> builder)
    {
        builder.ToTable("api_key_search");
        builder.HasKey(s => s.ApiKeyId);
        builder.Property(s => s.Name).HasMaxLength(Names.MaxLength);
        builder.Property(s => s.Prefix).HasMaxLength(ApiKeyToken.KeyPrefixLength);
        // Covering for the walk newest first (KeyListQuery): the text is read from the index, not the row.
        builder.HasIndex(s => new { s.OrganizationId, s.CreatedAt, s.ApiKeyId, s.Name, s.Prefix });
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(s => s.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
