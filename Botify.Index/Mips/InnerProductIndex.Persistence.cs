using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Botify.Index.Hnsw;
using Botify.Shared.Data;
using Botify.Shared.Embeddings;

namespace Botify.Index.Mips;

public sealed partial class InnerProductIndex
{
    /// <summary>Conventional file name of a saved graph inside a model bundle folder.</summary>
    public const string GraphFileName = "index.hnsw";

    // Version 2 added the node order (LocalityOrder); version 3 checks only the model's own columns, so a graph
    // saved on one SIMD width loads on another (docs/index.md). Versions 1 and 2 still load.
    private const int FormatVersion = 3;

    /// <summary>Relative difference allowed between the saved and recomputed lifting radius: summation order differs by SIMD width.</summary>
    private const float RadiusTolerance = 1e-5f;
    private static ReadOnlySpan<byte> Magic => "BOTIFYHNSW"u8;

    /// <summary>
    /// Saves the graph beside the model: a header (reduction, the model version it was built for, a
    /// checksum of the stored vectors), the item each node stores (when not in id order), and the
    /// links. Written to a temporary file and renamed, so a reader never sees half a file.
    /// </summary>
    public void Save(string path, string modelVersion)
    {
        var temporary = path + ".tmp";
        // Delete, then create new (O_EXCL): a link left at the temporary name is removed, never written through.
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write((int)Reduction);
            writer.Write(RadiusSquared);
            writer.Write(modelVersion);
            writer.Write(ModelChecksum(_stored, StoredDimension, ModelDimension + 1));
            writer.Write(LocalityOrdered);
            if (LocalityOrdered)
            {
                writer.Write(_order.Length);
                writer.Write(MemoryMarshal.AsBytes(_order.AsSpan()));
            }

            Graph.WriteTo(writer);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Loads a graph saved by <see cref="Save"/> for these items. The items are lifted again and their
    /// checksum compared with the file's, so a graph is never served over vectors it was not built for.
    /// <paramref name="byteWalk"/> as in <see cref="Build"/>.
    /// </summary>
    /// <exception cref="DataFileException">The file is missing, damaged, or was built for another model.</exception>
    public static InnerProductIndex Load(string path, EmbeddingTable items, ReadOnlySpan<float> bias, string modelVersion, bool byteWalk = true)
    {
        ArgumentNullException.ThrowIfNull(items);
        var stopwatch = Stopwatch.StartNew();
        using (var stream = DataFiles.OpenRead(path, 1 << 20))
        using (var reader = new BinaryReader(stream, Encoding.UTF8))
        {
            try
            {
                Span<byte> magic = stackalloc byte[Magic.Length];
                if (stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) != magic.Length || !magic.SequenceEqual(Magic))
                {
                    throw new DataFileException(path, "not a Botify graph file (magic string missing)");
                }

                var version = reader.ReadInt32();
                if (version is < 1 or > FormatVersion)
                {
                    throw new DataFileException(path, $"graph format version {version} is not supported (this Botify reads 1..{FormatVersion})");
                }

                var reduction = (MipsReduction)reader.ReadInt32();
                if (!Enum.IsDefined(reduction) || reduction == MipsReduction.Auto)
                {
                    throw new DataFileException(path, $"unknown MIPS reduction {(int)reduction}");
                }

                var radiusSquared = reader.ReadSingle();
                var builtFor = reader.ReadString();
                if (!string.Equals(builtFor, modelVersion, StringComparison.Ordinal))
                {
                    throw new DataFileException(path, $"graph was built for model '{builtFor}', not '{modelVersion}'");
                }

                var checksum = reader.ReadUInt64();
                var ordered = version >= 2 && reader.ReadBoolean();
                var order = ordered ? ReadOrder(reader, items.Rows) : Identity(items.Rows);
                var width = StoredDimensionFor(items.Dimension, reduction);
                var stored = Lift(items, bias, reduction, out var liftedRadius);
                PermuteRows(stored, width, order);
                var matches = version >= 3
                    ? checksum == ModelChecksum(stored, width, items.Dimension + 1) && Math.Abs(liftedRadius - radiusSquared) <= RadiusTolerance * Math.Max(1f, radiusSquared)
                    : checksum == Checksum(stored) && liftedRadius == radiusSquared;
                if (!matches)
                {
                    throw new DataFileException(path, "graph was built over other vectors (checksum mismatch)");
                }

                var graph = HnswGraph.ReadFrom(reader, stored, items.Rows, width);
                var index = new InnerProductIndex(stored, order, items.Rows, items.Dimension, reduction, radiusSquared, graph, byteWalk) { LocalityOrdered = ordered };
                graph.SetLoadSeconds(stopwatch.Elapsed.TotalSeconds);
                return index;
            }
            catch (InvalidDataException e)
            {
                throw new DataFileException(path, e.Message, e);
            }
            catch (EndOfStreamException e)
            {
                throw new DataFileException(path, "graph file is truncated", e);
            }
        }
    }

    /// <summary>Reads the node order and checks it names every item exactly once.</summary>
    private static int[] ReadOrder(BinaryReader reader, int items)
    {
        var count = reader.ReadInt32();
        if (count != items)
        {
            throw new InvalidDataException($"graph is for {count} vectors, the model has {items}");
        }

        var order = new int[items];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(order.AsSpan()));
        var seen = new bool[items];
        for (var node = 0; node < items; node++)
        {
            var item = order[node];
            if ((uint)item >= (uint)items || seen[item])
            {
                throw new InvalidDataException($"node order is damaged: node {node} stores item {item}, {((uint)item >= (uint)items ? $"outside 0..{items - 1}" : "stored by another node too")}");
            }

            seen[item] = true;
        }

        return order;
    }

    private static ulong Checksum(float[] stored) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(stored.AsSpan()));

    /// <summary>Hash of each stored row's first <paramref name="columns"/> floats (the item and its bias, copied from the model), in node order.</summary>
    private static ulong ModelChecksum(float[] stored, int width, int columns)
    {
        var hash = new XxHash3();
        for (var offset = 0; offset < stored.Length; offset += width)
        {
            hash.Append(MemoryMarshal.AsBytes(stored.AsSpan(offset, columns)));
        }

        return hash.GetCurrentHashAsUInt64();
    }
}
