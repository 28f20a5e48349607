namespace Botify.Index.Models;

/// <summary>What a path names, as <c>lstat</c>/<c>stat</c> tell it: the index opens only <see cref="Regular"/> files.</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}
