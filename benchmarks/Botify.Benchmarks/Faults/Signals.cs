using System.Runtime.InteropServices;

namespace Botify.Benchmarks.Faults;

/// <summary>
/// POSIX signals for child processes. <see cref="System.Diagnostics.Process.Kill()"/> sends SIGKILL only;
/// the graceful-stop probe needs SIGTERM, which is what Kubernetes and systemd send first.
/// </summary>
internal static partial class Signals
{
    public const int Terminate = 15;
    public const int Kill = 9;

    public static void Send(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("the fault suite sends POSIX signals; it runs on Linux or macOS");
        }

        if (SendSignal(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
