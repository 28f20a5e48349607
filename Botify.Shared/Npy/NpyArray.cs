namespace Botify.Shared.Npy;

/// <summary>A float32 array read from a <c>.npy</c> file: its values in C order and its shape.</summary>
/// <param name="Data">The values, last axis fastest.</param>
/// <param name="Shape">The shape, one or two axes.</param>
public sealed record NpyArray(float[] Data, int[] Shape)
{
    /// <summary>Rows: the first axis.</summary>
    public int Rows => Shape[0];

    /// <summary>Columns: the second axis, or 1 for a one-axis array.</summary>
    public int Columns => Shape.Length > 1 ? Shape[1] : 1;
}
