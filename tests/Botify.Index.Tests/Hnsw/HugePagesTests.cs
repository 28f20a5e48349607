using System.Globalization;
using System.Runtime.InteropServices;
using Botify.Index.Hnsw;

namespace Botify.Index.Tests.Hnsw;

/// <summary>
/// The graph's large arrays are advised for 2 MB pages only while <see cref="HugePages.Enabled"/>:
/// Linux marks an advised range's mapping with the <c>hg</c> flag in <c>/proc/self/smaps</c>.
/// </summary>
public sealed class HugePagesTests
{
    private const long TwoMegabytes = 2 << 20;

    [Test]
    public void AllocateUninitialized_Enabled_AdvisesTheArraysWhole2MbPages()
    {
        RequireTransparentHugePages();
        var enabled = HugePages.Enabled;
        try
        {
            HugePages.Enabled = true;
            var array = HugePages.AllocateUninitialized<byte>(8 << 20);

            var flags = MappingFlags(FirstWholePage(array));

            Assert.That(flags, Does.Contain("hg"), "the array's 2 MB-aligned range is advised for huge pages (MADV_HUGEPAGE)");
            GC.KeepAlive(array);
        }
        finally
        {
            HugePages.Enabled = enabled;
        }
    }

    private static void RequireTransparentHugePages()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel/mm/transparent_hugepage") || !File.Exists("/proc/self/smaps"))
        {
            Assert.Ignore("needs Linux with transparent huge pages and /proc/self/smaps; elsewhere the advice is not given");
        }
    }

    /// <summary>The first 2 MB-aligned address inside <paramref name="array"/> (which is pinned).</summary>
    private static long FirstWholePage(byte[] array)
    {
        var start = (long)Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        return (start + TwoMegabytes - 1) & ~(TwoMegabytes - 1);
    }

    /// <summary>The VmFlags of the mapping that holds <paramref name="address"/>.</summary>
    private static string[] MappingFlags(long address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash
                && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var from)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var to))
            {
                inside = address >= from && address < to;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        Assert.Fail($"no mapping in /proc/self/smaps holds address 0x{address:x}");
        return [];
    }
}
