using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Botify.Train.Rollout;

/// <summary>One index replica's gRPC endpoint, written <c>host:port</c> (an IPv6 address in brackets).</summary>
internal sealed record ReplicaAddress(string Host, int Port)
{
    /// <summary>The cleartext HTTP/2 address a gRPC channel is opened on.</summary>
    public Uri GrpcUri => new(string.Create(CultureInfo.InvariantCulture, $"http://{this}"));

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>Parses <c>host:port</c> or <c>[ipv6]:port</c>; on failure <paramref name="error"/> says what was wrong.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ReplicaAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        text = text.Trim();
        string host;
        string port;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            error = "expected host:port without a scheme";
            return false;
        }

        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = "expected [ipv6]:port";
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                error = "expected host:port (the index's gRPC port, e.g. 5100)";
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                error = "an IPv6 address is written in brackets: [ipv6]:port";
                return false;
            }
        }

        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            error = $"'{host}' is not a host name or address";
            return false;
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            error = $"port '{port}' is not a number in 1..65535";
            return false;
        }

        address = new ReplicaAddress(host, number);
        error = null;
        return true;
    }
}
