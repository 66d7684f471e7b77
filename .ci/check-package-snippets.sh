#!/usr/bin/env bash
# Every ```csharp block of the packages' READMEs (src/Client/README.md, src/AspNetCore/README.md) is a whole
# Program.cs that builds in a fresh app outside the repository, against the packed packages restored from a local
# folder as from a feed. Usage: .ci/check-package-snippets.sh PACKAGES_FOLDER (the output of dotnet pack).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=$(cd "${1:?usage: $0 PACKAGES_FOLDER}" && pwd)
scratch=$(mktemp -d /tmp/apikeys-snippets.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
status=0 count=0
# a package of the same version restored before would be taken from the cache instead of the packed folder
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/apikeys.client" "${NUGET_PACKAGES:-$HOME/.nuget/packages}/apikeys.aspnetcore"

# package README → the package it documents (its project's folder), and the fresh app its README names
for readme in src/Client/README.md src/AspNetCore/README.md; do
  case $readme in
    src/Client/*) sdk=Microsoft.NET.Sdk ;;       # dotnet new console
    *) sdk=Microsoft.NET.Sdk.Web ;;              # dotnet new web
  esac
  package=$(sed -n 's|.*<PackageId>\(.*\)</PackageId>.*|\1|p' "$(dirname "$readme")"/*.csproj)
  version=$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' "$(dirname "$readme")"/*.csproj)
  # one folder per block: block-1, block-2, … each with the block as its Program.cs
  awk -v out="$scratch/$package" '
    /^```csharp[[:space:]]*$/ { n++; inside = 1; system("mkdir -p " out "/block-" n); file = out "/block-" n "/Program.cs"; next }
    /^```[[:space:]]*$/ && inside { inside = 0; close(file); next }
    inside { print > file }
  ' "$readme"
  for block in "$scratch/$package"/block-*; do
    [ -d "$block" ] || continue
    count=$((count + 1))
    cat > "$block/Snippet.csproj" <<EOF
<Project Sdk="$sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="$package" Version="$version" />
  </ItemGroup>
</Project>
EOF
    printf '<configuration><packageSources><add key="packed" value="%s" /></packageSources></configuration>\n' "$packages" > "$block/nuget.config"
    if dotnet build "$block" -nologo -v q >"$block/build.log" 2>&1 \
      && grep -q "\"$package/$version\"" "$block/obj/project.assets.json"; then
      echo "$readme, C# block ${block##*-}: builds against the packed $package $version"
    else
      echo "$readme, C# block ${block##*-} does not build against the packed $package $version:"
      grep -E 'error|warning' "$block/build.log" | sort -u | head -20
      status=1
    fi
  done
done
[ "$count" -gt 0 ] || { echo "no C# block found in the package READMEs"; status=1; }
exit "$status"
