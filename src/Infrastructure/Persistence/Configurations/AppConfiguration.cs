using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class AppConfiguration : IEntityTypeConfiguration<App>
{
    public void Configure(EntityTypeBuilder<App> builder)
    {
        builder.ToTable("apps");
        builder.HasKey(a => new { a.OrganizationId, a.AppId });
        builder.Property(a => a.AppId).HasMaxLength(App.AppIdMaxLength);
        builder.Property(a => a.Name).HasMaxLength(Names.MaxLength).IsRequired();
        builder.HasIndex(a => new { a.OrganizationId, a.CreatedAt, a.AppId });
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
