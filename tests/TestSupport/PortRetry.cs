using System.Net.Sockets;

namespace Botify.Tests.Support;

/// <summary>
/// Starts an in-process server on freshly chosen loopback ports, and again on new ones when a port was taken
/// between choosing it and binding it: the test assemblies run side by side and start servers of their own.
/// </summary>
internal static class PortRetry
{
    private const int Attempts = 5;

    /// <summary>Runs <paramref name="start"/>, which chooses its ports, binds them and disposes what it built when that fails.</summary>
    public static async Task<T> StartAsync<T>(Func<Task<T>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start();
            }
            catch (Exception e) when (attempt < Attempts && IsAddressInUse(e))
            {
                TestContext.Progress.WriteLine($"a loopback port was taken before the server bound it; starting again on new ports (attempt {attempt + 1} of {Attempts})");
            }
        }
    }

    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }
}
