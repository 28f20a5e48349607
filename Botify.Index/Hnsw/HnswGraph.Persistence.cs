using System.Runtime.InteropServices;

namespace Botify.Index.Hnsw;

public sealed partial class HnswGraph
{
    /// <summary>
    /// Writes the graph's structure (parameters, levels, links) — not the vectors, which the caller
    /// keeps with the model. Links are written as raw little-endian arrays, so loading is a few bulk reads.
    /// </summary>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Count);
        writer.Write(Dimension);
        writer.Write(Parameters.M);
        writer.Write(Parameters.EfConstruction);
        writer.Write(Parameters.Seed);
        writer.Write(_entryPoint);
        writer.Write(_maxLevel);
        writer.Write(BuildSeconds);
        writer.Write(_levels);
        writer.Write(MemoryMarshal.AsBytes(_layer0.AsSpan()));
        foreach (var upper in _upper)
        {
            if (upper is not null)
            {
                writer.Write(MemoryMarshal.AsBytes(upper.AsSpan()));
            }
        }
    }

    /// <summary>
    /// Reads a graph written by <see cref="WriteTo"/> over <paramref name="vectors"/>. Every count and
    /// link is checked, so a damaged file is refused rather than answering out of range.
    /// </summary>
    /// <exception cref="InvalidDataException">The structure is truncated, inconsistent or does not fit the vectors.</exception>
    public static HnswGraph ReadFrom(BinaryReader reader, float[] vectors, int expectedCount, int expectedDimension)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(vectors);
        try
        {
            var count = reader.ReadInt32();
            var dimension = reader.ReadInt32();
            if (count != expectedCount || dimension != expectedDimension)
            {
                throw new InvalidDataException($"graph is for {count} vectors of {dimension} floats, the model has {expectedCount} of {expectedDimension}");
            }

            var parameters = new HnswParameters { M = reader.ReadInt32(), EfConstruction = reader.ReadInt32(), Seed = reader.ReadInt32(), Threads = 0 };
            try
            {
                parameters.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new InvalidDataException($"graph parameters are invalid: {e.Message}", e);
            }

            var entryPoint = reader.ReadInt32();
            var maxLevel = reader.ReadInt32();
            var buildSeconds = reader.ReadDouble();
            var levels = reader.ReadBytes(count);
            if (levels.Length != count)
            {
                throw new EndOfStreamException();
            }

            var graph = new HnswGraph(vectors, count, dimension, parameters, levels)
            {
                _entryPoint = entryPoint,
                _maxLevel = maxLevel,
                BuildSeconds = buildSeconds,
            };
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(graph._layer0.AsSpan()));
            foreach (var upper in graph._upper)
            {
                if (upper is not null)
                {
                    reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(upper.AsSpan()));
                }
            }

            graph.CheckStructure();
            return graph;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("graph file is truncated", e);
        }
    }

    /// <summary>Records how long loading took, reported in place of the build time.</summary>
    internal void SetLoadSeconds(double seconds)
    {
        BuildSeconds = seconds;
        LoadedFromFile = true;
    }

    /// <summary>True when the graph was read from a file rather than built.</summary>
    public bool LoadedFromFile { get; private set; }

    private void CheckStructure()
    {
        if (Count > 0 && ((uint)_entryPoint >= (uint)Count || _levels[_entryPoint] != _maxLevel))
        {
            throw new InvalidDataException($"entry point {_entryPoint} at level {_maxLevel} does not fit the graph");
        }

        for (var id = 0; id < Count; id++)
        {
            for (var level = 0; level <= _levels[id]; level++)
            {
                var list = LinkList(id, level);
                var capacity = level == 0 ? _m0 : _m;
                if ((uint)list[0] > (uint)capacity)
                {
                    throw new InvalidDataException($"node {id} has {list[0]} links on level {level}, more than {capacity}");
                }

                foreach (var link in list.Slice(1, list[0]))
                {
                    if ((uint)link >= (uint)Count || _levels[link] < level)
                    {
                        throw new InvalidDataException($"node {id} links to {link} on level {level}, which is not a node of that level");
                    }
                }
            }
        }
    }
}
