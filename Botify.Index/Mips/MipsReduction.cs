namespace Botify.Index.Mips;

/// <summary>How maximum-inner-product search is mapped onto the graph.</summary>
public enum MipsReduction
{
    /// <summary>
    /// The graph uses -&lt;x, y&gt; as its distance directly (ip-NSW). Long vectors become hubs that
    /// many queries pass through, which is what MIPS wants: the answers are usually long vectors.
    /// </summary>
    InnerProduct = 0,

    /// <summary>
    /// Every item is lifted to [x; sqrt(R² - |x|²)] so all items share the norm R and the query to
    /// [q; 0]; inner-product order then equals Euclidean order and the graph is a proper metric graph.
    /// </summary>
    ExtraDimension = 1,

    /// <summary>
    /// Chosen at build time from the items (<see cref="MipsAuto"/>): <see cref="ExtraDimension"/> when
    /// the norms of [x; b] are nearly equal, <see cref="InnerProduct"/> when they spread. Never the
    /// reduction of a built index, nor stored in a graph file.
    /// </summary>
    Auto = 2,
}
