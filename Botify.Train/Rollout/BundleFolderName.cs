using System.Globalization;

namespace Botify.Train.Rollout;

/// <summary>A new bundle folder named by the time it was made, for <c>--out-root</c>: a chiseled image has no shell to compute a name.</summary>
internal static class BundleFolderName
{
    /// <summary>The folder name's format, in UTC; it sorts in time order.</summary>
    public const string Format = "'model-'yyyyMMdd-HHmmss";

    public static string NewIn(string root, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Path.Combine(root, time.GetUtcNow().UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
    }
}
