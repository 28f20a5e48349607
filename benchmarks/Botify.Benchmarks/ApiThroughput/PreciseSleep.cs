using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>libc's <c>usleep</c>: a sleep finer than <see cref="Thread.Sleep(int)"/>'s whole milliseconds, for the open-loop pacer.</summary>
[SupportedOSPlatform("linux")]
internal static partial class PreciseSleep
{
    [LibraryImport("libc", EntryPoint = "usleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Microseconds(uint microseconds);
}
