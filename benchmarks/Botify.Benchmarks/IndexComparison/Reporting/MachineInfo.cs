using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json.Serialization;
using Cloud.Unum.USearch;

namespace Botify.Benchmarks.IndexComparison.Reporting;

/// <summary>What the numbers were measured on.</summary>
internal sealed record MachineInfo
{
    [JsonPropertyName("cpu")]
    public required string Cpu { get; init; }

    [JsonPropertyName("cores")]
    public required int Cores { get; init; }

    [JsonPropertyName("os")]
    public required string Os { get; init; }

    [JsonPropertyName("runtime")]
    public required string Runtime { get; init; }

    /// <summary>Widest vector width .NET accelerates here (what TensorPrimitives.Dot runs on).</summary>
    [JsonPropertyName("dotnet_simd_bits")]
    public required int DotnetSimdBits { get; init; }

    [JsonPropertyName("usearch_version")]
    public required string USearchVersion { get; init; }

    /// <summary>The kernel family the USearch index reported using, when it was built.</summary>
    [JsonPropertyName("usearch_simd")]
    public string? USearchSimd { get; init; }

    public static MachineInfo Describe(string? usearchSimd) => new()
    {
        Cpu = CpuModel(),
        Cores = Environment.ProcessorCount,
        Os = RuntimeInformation.OSDescription,
        Runtime = RuntimeInformation.FrameworkDescription,
        DotnetSimdBits = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128,
        USearchVersion = USearchCapabilities.Version(),
        USearchSimd = usearchSimd,
    };

    /// <summary>The one-minute load average, where the OS publishes it.</summary>
    public static double? LoadAverage()
    {
        const string loadavg = "/proc/loadavg";
        if (!File.Exists(loadavg))
        {
            return null;
        }

        var first = File.ReadAllText(loadavg).Split(' ', 2)[0];
        return double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : null;
    }

    /// <summary>Megabytes of this process on 2 MB pages (Linux's AnonHugePages), where the OS publishes it.</summary>
    public static long? HugePageMegabytes()
    {
        const string smaps = "/proc/self/smaps_rollup";
        if (!File.Exists(smaps))
        {
            return null;
        }

        foreach (var line in File.ReadLines(smaps))
        {
            if (line.StartsWith("AnonHugePages:", StringComparison.Ordinal)
                && long.TryParse(line["AnonHugePages:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var kilobytes))
            {
                return kilobytes / 1024;
            }
        }

        return null;
    }

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            foreach (var line in File.ReadLines(cpuinfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
