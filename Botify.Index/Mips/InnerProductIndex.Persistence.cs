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

    private const int FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "BOTIFYHNSW"u8;

    /// <summary>
    /// Saves the graph beside the model: a header (reduction, the model version it was built for, a
    /// checksum of the stored vectors) and the links. Written to a temporary file and renamed, so a
    /// reader never sees half a file.
    /// </summary>
    public void Save(string path, string modelVersion)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write((int)Reduction);
            writer.Write(RadiusSquared);
            writer.Write(modelVersion);
            writer.Write(Checksum(_stored));
            Graph.WriteTo(writer);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Loads a graph saved by <see cref="Save"/> for these items. The items are lifted again and their
    /// checksum compared with the file's, so a graph is never served over vectors it was not built for.
    /// </summary>
    /// <exception cref="DataFileException">The file is missing, damaged, or was built for another model.</exception>
    public static InnerProductIndex Load(string path, EmbeddingTable items, ReadOnlySpan<float> bias, string modelVersion)
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
                if (version != FormatVersion)
                {
                    throw new DataFileException(path, $"graph format version {version} is not supported (this Botify reads {FormatVersion})");
                }

                var reduction = (MipsReduction)reader.ReadInt32();
                if (!Enum.IsDefined(reduction))
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
                var stored = Lift(items, bias, reduction, out var liftedRadius);
                if (checksum != Checksum(stored) || liftedRadius != radiusSquared)
                {
                    throw new DataFileException(path, "graph was built over other vectors (checksum mismatch)");
                }

                var graph = HnswGraph.ReadFrom(reader, stored, items.Rows, StoredDimensionFor(items.Dimension, reduction));
                var index = new InnerProductIndex(stored, items.Rows, items.Dimension, reduction, radiusSquared, graph);
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

    private static ulong Checksum(float[] stored) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(stored.AsSpan()));
}
