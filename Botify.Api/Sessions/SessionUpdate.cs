namespace Botify.Api.Sessions;

/// <summary>What <see cref="ISessionStore.UpdateAsync{T}"/> did: the update's result, and whether it ran on the stored session.</summary>
/// <param name="Value">What the update returned.</param>
/// <param name="SessionLessReason">
/// Null when the update ran on the listener's stored session; else why the store could not be used
/// (<see cref="SessionLessReasons"/>), and the update ran on a fresh session kept for this call only.
/// </param>
internal readonly record struct SessionUpdate<T>(T Value, string? SessionLessReason = null);
